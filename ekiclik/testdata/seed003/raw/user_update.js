{
    "params": {
        "filter": [
            [
                "login",
                "=",
                "user@mail.com"
            ]
        ],
        "data": {
            "name": "UPDATED NAME",
            "codification": "USER CODE",
            "email": "user@mail.com",
            "phone": "0667777777",
            "role": "ROLE_SUPERADMIN",
            "code_pos": "POS CODE",
            "create_by": "ekiclik"
        }
    }
}
