{
    "params": {
        "data": {
            "create_by": "EkiClic",
            "is_company": false,
            "is_pos": "False",
            "status": "WAITING",
            "type": "contact",
            "title": null,
            "name": "CLIENT NAME",
            "email": "CLIENT ADDRESS",
            "phone": "0556000000",
        }
    }
}
