# Parameter texts shared by every Alonzo cmdlet. A cmdlet's own help source can override one by
# listing the parameter under its Parameters key.
@{
    Parameters = @{
        Region      = @'
The AWS region to work in, for example eu-west-1.

When omitted, the region comes from the profile named by -ProfileName, then the AWS_REGION and AWS_DEFAULT_REGION environment variables, then the AWS SDK's fallback (the region of the AWS_PROFILE or default profile in the shared config file, and instance metadata). When none is found the command fails with the error NoRegion before calling AWS. Press Tab to complete region names.
'@
        ProfileName = @'
A profile in the shared credentials file (~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE) or the shared config file (~/.aws/config, or AWS_CONFIG_FILE). The profile's credentials are resolved by the AWS SDK, so static keys, assume-role, SSO, web identity and credential_process profiles work; the profile's region is used unless -Region is given.

When omitted, credentials come from the default chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN), the AWS_PROFILE or default profile, web identity, container credentials and instance metadata. A profile that does not exist, or whose credentials cannot be used, fails with the error NoCredentials. Press Tab to complete profile names.
'@
        EndpointUrl = @'
Send the command's requests to this URL instead of the AWS endpoint: a local emulator (http://127.0.0.1:5000), a VPC interface endpoint or a proxy. It must be an absolute http or https URL; anything else fails with the error InvalidEndpoint. Requests are still signed for the region.

When omitted, the endpoint comes from AWS_ENDPOINT_URL_<SERVICE> (for example AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_LAMBDA, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS), then AWS_ENDPOINT_URL, then the service's public endpoint for the region. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true makes Alonzo ignore both variables. -EndpointUrl applies to every service the command calls.
'@
        Credential  = @'
An AWS access key as a PSCredential: the access key id as the user name and the secret access key as the password (for example from Get-Credential). It takes precedence over -ProfileName and the environment for credentials; the region is still resolved as described under -Region.

Both parts are required, otherwise the command fails with the error NoCredentials. Temporary credentials that need a session token cannot be passed this way; use a profile or the AWS_SESSION_TOKEN environment variable instead.
'@
        WhatIf      = @'
Shows what the command would change without changing anything. Commands that compare with the current state (such as New-AlonzoStream) still make their read-only calls first, so the answer reflects the resources as they are. -Force never overrides -WhatIf.
'@
        Confirm     = @'
Asks for confirmation before each change. Commands that delete (ConfirmImpact High) ask by default; -Confirm:$false, or -Force where a command has it, skips the prompt. An explicit -Confirm prompts even together with -Force.
'@
    }
}
