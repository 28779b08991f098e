{
    "params": {
        "filter": [["manufacturer_ref", "=", "CONFIGURATION REFERENCE"]],
        "data": {
            "create_by": "EKICLIK",
            "name": "UPDATED CONFIGURATION NAME",
        }
    }
}
