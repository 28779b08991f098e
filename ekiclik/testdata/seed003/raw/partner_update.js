{
    "params": {
        "filter": [
            [
                "email",
                "=",
                "CLIENT/POS ADDRESS"
            ]
        ],
        "data": {
            "create_by": "ekiclik",
            "name": "UPDATED NAME"
        }
    }
}
