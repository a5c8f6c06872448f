# Run with credentials for the account that owns the role.
aws iam create-open-id-connect-provider \
  --url https://token.actions.githubusercontent.com \
  --client-id-list sts.amazonaws.com

# It is listed by ARN.
aws iam list-open-id-connect-providers
