{
    "params": {
        "data": {
            "create_by": "EkiClic",
            "is_company": false,
            "is_pos": "True",
            "status": "WAITING",
            "type": "contact",
            "title": null,
            "name": "POS NAME",
            "email": "POS ADDRESS",
            "phone": "0556000000",
            "code_pos": "PDVA-E-TIN-TIN-88-07",
            "credit_code": "CREDIT ANALYST CODE",
            "responsible_code": "RESPONSABLE CODE"
        }
    }
}
