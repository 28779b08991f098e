{
    "params": {
        "data": {
            "name": "PRODUCT NAME",
            "brand": "BRAND NAME",
            "create_by": "ekiclic",
            "fab_name": "Fabriquant NAME",
            "categ_id": "CATEGORY NAME",
            "product_ref": "PRODUCT REFERENCE",
            "product": [
                {
                    "name": "CONFIGURATION NAME",
                    "description": "DESCRIPTION",
                    "default_code": null,
                    "detailed_type": "product",
                    "image_url": "IMAGE URL",
                    "list_price": 80000.0,
                    "standard_price": 50000.0,
                    "manufacturer_ref": "CONFIGURATION REFERENCE",
                    "purchase_ok": true,
                    "sale_ok": true,
                    "company_id": null,
                    "create_by": "ekiclic",
                    "attribute": [], <<< CHARACTERISTICS 
                    "fab_certificate": "CERTIFICATION URL"
                }
            ]
        }
    }
}
