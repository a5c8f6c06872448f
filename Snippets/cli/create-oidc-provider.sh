# Once per AWS account. IAM no longer needs a thumbprint for this provider.
aws iam create-open-id-connect-provider \
  --url https://token.actions.githubusercontent.com \
  --client-id-list sts.amazonaws.com

# Confirm it exists.
aws iam list-open-id-connect-providers
