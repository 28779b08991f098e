{
    "params": {
        "data": {
            "create_by": "ekiclik",
            "order_source": "Alsalam",
            "partner": {
                "email": "CLIENT EMAIL",
                "salary": 900000.0,
                "birth_date": "1993-11-03",
                "monthly_payment": 5321,
                "periodicity": 12
            },
            "cart_id": 259,
            "cart": [
                {
                    "manufacturer_ref": "CONFIGURATION REFERENCE",
                    "quantity": 7,
                    "product_warehouse_id": "POS CODE"
                }
            ],
            "quotation_address": {
                "order_source": "Alsalam",
                "type": "delivery",
                "create_by": "ekiclick",
                "street": "POS ADDRESS",
                "street2": null,
                "state_id": "WILAYA",
                "country_id": "DZ",
                "code_pos": "POS CODE",
                "ek_order_id": 1416
            },
            "code_pos": "POS CODE",
            "file_info": {
                "file_number": 1906,
                "client_number": "0666666666",
                "order_status": "draft",
                "progress": 0.0,
                "file_state": "traitement"
            }
        }
    }
}
