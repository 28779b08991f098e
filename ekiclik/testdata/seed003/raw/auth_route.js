  {
      "params": {
          "login": "your@email.com",
          "password": "your_password",
          "db": "your_db_name"
      }
  }
