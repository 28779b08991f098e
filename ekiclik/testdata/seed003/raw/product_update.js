{
    "params": {
        "filter": [
            [
                "ref",
                "=",
                "PRODUCT REFERENCE"
            ]
        ],
        "data": {
            "name": "NAME",
            "brand": "UPDATED BRAND",
            "create_by": "ekiclic",
            "categ_id": "CATEGORY",
            "product_ref": "PRODUCT REFERENCE"
        }
    }
}
