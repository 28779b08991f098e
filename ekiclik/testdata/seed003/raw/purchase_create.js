{
    "params": {
        "data": {
            "create_by": "ek",
            "partner_id": "PDVA-E-BOJ-BOJ-05-001",
            "user_id": 2,
            "state": "draft",
            "date_order": "30/07/23 12:23:15",
            "order_line": [
                {
                    "product_id": "CONFIGURATION REFERENCE",
                    "product_qty": 6,
                    "price_unit": 6000
                }
            ]
        }
    }
}

