{
    "params": {
        "filter": [
            [
                "ek_order_id",
                "=",
                "1234"
            ]
        ],
        "data": {
            "create_by": "ekiclik",
            "order_source": "BNA",
            "state": "EK_ORDER_IN_PREPARATION"
        }
    }
}
