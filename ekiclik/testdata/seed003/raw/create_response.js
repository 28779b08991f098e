{
    "jsonrpc": "2.0",
    "id": null,
    "result": 1
}
