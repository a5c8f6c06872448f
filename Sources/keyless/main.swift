print("keyless")
