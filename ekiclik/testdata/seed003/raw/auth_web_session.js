  {
      "jsonrpc": "2.0",
      "params": {
          "login": "your@email.com",
          "password": "your_password",
          "db": "database_name"
      }
  }
