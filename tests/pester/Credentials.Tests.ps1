#Requires -Version 7.0
# Every credential and region source the README names, resolved by AWSSDK.Core's own code in a fresh
# PowerShell process (the SDK caches credentials per process) with a temporary HOME, against a moto
# that verifies every signature. Each case is proven by the identity moto accepted: the proxy in front
# of it records the access key id and region each call was signed with, and moto answered 200 only
# because the signature matched a key it issued to that user or role session. The container endpoint
# and instance metadata are loopback stand-ins (tests/fixtures/credential_stand_in.py). Loopback only;
# every service started here is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Moto = Start-MotoServer
    $script:Proxy = Start-AwsProxy -Upstream $script:Moto

    # Set-up calls are free until Enable-MotoSignatureCheck; from then on every call must be signed.
    $kinesis = 'kinesis:*'
    $script:Admin = New-MotoUser -Service $script:Moto -Name 'alonzo-admin' -Action '*'
    $script:ByCredential = New-MotoUser -Service $script:Moto -Name 'alonzo-credential' -Action $kinesis
    $script:ByEnvironment = New-MotoUser -Service $script:Moto -Name 'alonzo-environment' -Action $kinesis
    $script:ByStatic = New-MotoUser -Service $script:Moto -Name 'alonzo-static' -Action $kinesis
    $script:ByDefault = New-MotoUser -Service $script:Moto -Name 'alonzo-default' -Action $kinesis
    $script:ByProcess = New-MotoUser -Service $script:Moto -Name 'alonzo-process' -Action $kinesis
    # The source of the assume-role profile may assume the role and nothing else: a Kinesis call that
    # succeeds was signed as the role.
    $script:Source = New-MotoUser -Service $script:Moto -Name 'alonzo-source' -Action 'sts:AssumeRole'
    # Temporary credentials moto's STS issued to sessions of the workload role, for the sources that hand out
    # temporary credentials: environment variables, the container endpoint, instance metadata, and the two
    # moto cannot serve once it checks signatures (web identity, whose STS call is unsigned, and the SSO
    # portal, which moto lacks), whose replies the proxy plays as AWS sends them.
    $roles = Invoke-Boto3 -Service $script:Moto -Arguments @{ source = $script:Source.Arn } -Code @'
iam, sts = client('iam'), client('sts')
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': args['source']}, 'Action': 'sts:AssumeRole'}]}
allow = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'kinesis:*', 'Resource': '*'}]}
result = {}
for name in ('alonzo-deployer', 'alonzo-workload'):
    result[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']
    iam.put_role_policy(RoleName=name, PolicyName='kinesis', PolicyDocument=json.dumps(allow))
for session in ('environment', 'container', 'instance', 'web-identity', 'sso'):
    result[session] = sts.assume_role(RoleArn=result['alonzo-workload'], RoleSessionName=session)['Credentials']
'@
    $script:DeployerArn = $roles.'alonzo-deployer'
    $script:EnvironmentSession = $roles.environment
    $script:ContainerSession = $roles.container
    $script:InstanceSession = $roles.instance
    $script:WebIdentitySession = $roles.'web-identity'
    $script:SsoSession = $roles.sso
    $script:WorkloadArn = $roles.'alonzo-workload'
    Enable-MotoSignatureCheck -Service $script:Moto

    $script:AdminCli = @{ AWS_ACCESS_KEY_ID = $script:Admin.AccessKeyId; AWS_SECRET_ACCESS_KEY = $script:Admin.SecretAccessKey }

    # ~/.aws as a user has it: static keys, a source_profile + role_arn profile, a credential_process
    # profile and a default profile, each with its own region.
    $script:ProfileHome = Join-Path $TestDrive 'home'
    $script:EmptyHome = Join-Path $TestDrive 'empty-home'
    New-Item -ItemType Directory -Path (Join-Path $script:ProfileHome '.aws'), $script:EmptyHome | Out-Null
    $processScript = Join-Path $TestDrive 'credential_process.py'
    $printed = @{ Version = 1; AccessKeyId = $script:ByProcess.AccessKeyId; SecretAccessKey = $script:ByProcess.SecretAccessKey } | ConvertTo-Json -Compress
    Set-Content -LiteralPath $processScript -Value "print('''$printed''')"
    Set-Content -LiteralPath (Join-Path $script:ProfileHome '.aws/credentials') -Value @"
[default]
aws_access_key_id = $($script:ByDefault.AccessKeyId)
aws_secret_access_key = $($script:ByDefault.SecretAccessKey)

[static]
aws_access_key_id = $($script:ByStatic.AccessKeyId)
aws_secret_access_key = $($script:ByStatic.SecretAccessKey)

[source]
aws_access_key_id = $($script:Source.AccessKeyId)
aws_secret_access_key = $($script:Source.SecretAccessKey)
"@
    Set-Content -LiteralPath (Join-Path $script:ProfileHome '.aws/config') -Value @"
[default]
region = us-west-1

[profile static]
region = eu-west-1

[profile ops]
role_arn = $($script:DeployerArn)
source_profile = source
role_session_name = alonzo-ops
region = ap-southeast-2

[profile process]
credential_process = "$((Get-Command python3).Source)" "$processScript"
region = us-west-2

[profile sso]
sso_session = alonzo-sso
sso_account_id = 123456789012
sso_role_name = AlonzoDeployer
region = eu-west-3

[sso-session alonzo-sso]
sso_region = us-east-1
sso_start_url = https://alonzo.awsapps.com/start
sso_registration_scopes = sso:account:access
"@
    # What 'aws sso login' leaves: the session's token, cached under the SHA-1 of the session name.
    $ssoCache = New-Item -ItemType Directory -Path (Join-Path $script:ProfileHome '.aws/sso/cache') -Force
    $cacheName = [Convert]::ToHexString([System.Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes('alonzo-sso'))).ToLowerInvariant()
    @{ startUrl = 'https://alonzo.awsapps.com/start'; region = 'us-east-1'; accessToken = 'alonzo-sso-access-token'; expiresAt = '2099-01-01T00:00:00Z' } |
        ConvertTo-Json | Set-Content -LiteralPath (Join-Path $ssoCache "$cacheName.json")

    # Runs New-AlonzoStream in a fresh process with only the given AWS environment and returns what it
    # said and the calls the proxy saw it make.
    function Invoke-Resolution {
        param(
            [Parameter(Mandatory)][string] $StreamName,
            [hashtable] $Environment = @{},
            [hashtable] $Arguments = @{},
            [string] $HomePath = $script:ProfileHome
        )
        $childEnvironment = @{
            HOME = $HomePath; USERPROFILE = $HomePath
            AWS_ENDPOINT_URL = $script:Proxy.Url
            AWS_EC2_METADATA_DISABLED = 'true'
            AWS_MAX_ATTEMPTS = '1'
        }
        foreach ($key in $Environment.Keys) { $childEnvironment[$key] = $Environment[$key] }
        Clear-AwsProxyCall -Proxy $script:Proxy
        $run = Invoke-IsolatedPwsh -Environment $childEnvironment -Parameters @{ ModulePath = $script:ModulePath; StreamName = $StreamName; Arguments = $Arguments } -ScriptBlock {
            param($ModulePath, $StreamName, $Arguments)
            Import-Module $ModulePath
            if ($Arguments.ContainsKey('Key')) {
                $Arguments.Credential = [pscredential]::new($Arguments.Key, (ConvertTo-SecureString $Arguments.Secret -AsPlainText -Force))
                $Arguments.Remove('Key'); $Arguments.Remove('Secret')
            }
            $out = New-AlonzoStream -Name $StreamName @Arguments -Verbose 4>&1
            $stream = $out | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoStream' }
            [pscustomobject]@{
                Region    = $stream.Region
                StreamArn = $stream.StreamArn
                Using     = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Using region*' }).Message
            }
        }
        $run.ExitCode | Should -Be 0 -Because "the child run failed: $($run.StdErr)"
        [pscustomobject]@{ Result = $run.Output[0]; Calls = @(Get-AwsProxyCall -Proxy $script:Proxy) }
    }

    # Every Kinesis call was signed with this key for this region, and moto's signature check took it
    # (moto answers 403 to a key it did not issue, a wrong signature or a missing permission; the first
    # DescribeStreamSummary is a 400 ResourceNotFoundException, an answer it gives only past that check).
    function Assert-SignedBy($Run, [string] $AccessKeyId, [string] $Region, [bool] $SessionToken) {
        $kinesisCalls = @($Run.Calls | Where-Object service -EQ 'kinesis')
        $create = @($kinesisCalls | Where-Object operation -EQ 'CreateStream')
        $create.Count | Should -Be 1
        $create[0].status | Should -Be 200
        foreach ($call in $kinesisCalls) {
            $call.access_key | Should -BeExactly $AccessKeyId -Because "$($call.operation) must be signed with the expected key"
            $call.signing_region | Should -Be $Region
            $call.session_token | Should -Be $SessionToken
            $call.status | Should -Not -Be 403 -Because "moto accepts the signature of $($call.operation) only for a key it issued"
        }
        $Run.Result.Region | Should -Be $Region
        $Run.Result.StreamArn | Should -BeLike "arn:aws:kinesis:${Region}:123456789012:stream/*"
        # The stream is where the identity put it, as another client signed by another user sees it.
        $name = $Run.Result.StreamArn.Split('/')[-1]
        (Invoke-AwsCli -Service $script:Moto -Region $Region -Environment $script:AdminCli -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', $name)).StreamDescriptionSummary.StreamARN |
            Should -Be $Run.Result.StreamArn
    }

    function Get-AssumedRoleKey([string] $SessionName) {
        $sessions = (Invoke-RestMethod -Uri "$($script:Moto.Url)/moto-api/data.json" -NoProxy).sts.AssumedRole
        @($sessions | Where-Object session_name -EQ $SessionName)
    }
}

AfterAll {
    Stop-TestService -Service $script:Proxy
    Stop-TestService -Service $script:Moto
    Stop-AllTestServices
}

Describe 'Each credential source, as moto''s signature check sees it' {
    It '-Credential: the key given, in the -Region given' {
        $run = Invoke-Resolution 'by-credential' -Arguments @{ Key = $script:ByCredential.AccessKeyId; Secret = $script:ByCredential.SecretAccessKey; Region = 'us-west-2' }
        Assert-SignedBy $run $script:ByCredential.AccessKeyId 'us-west-2' $false
        $run.Result.Using | Should -Be 'Using region us-west-2 and credentials from -Credential.'
    }

    It '-ProfileName with static keys in ~/.aws/credentials, in the profile''s region from ~/.aws/config' {
        $run = Invoke-Resolution 'by-static-profile' -Arguments @{ ProfileName = 'static' }
        Assert-SignedBy $run $script:ByStatic.AccessKeyId 'eu-west-1' $false
        $run.Result.Using | Should -Be "Using region eu-west-1 and credentials from profile 'static'."
    }

    It '-ProfileName with source_profile and role_arn: assumes the role with the source''s key through moto''s STS' {
        $run = Invoke-Resolution 'by-assumed-role' -Arguments @{ ProfileName = 'ops' }
        # AssumeRole went out signed with the source profile's key (the only thing that user may do)...
        $assume = @($run.Calls | Where-Object operation -EQ 'AssumeRole')
        $assume.Count | Should -Be 1
        $assume[0].access_key | Should -BeExactly $script:Source.AccessKeyId
        $assume[0].status | Should -Be 200
        # ...and Kinesis was called with the temporary key moto's STS issued to the session named in the profile.
        $issued = Get-AssumedRoleKey 'alonzo-ops'
        $issued.Count | Should -Be 1
        $issued[0].role_arn | Should -Be $script:DeployerArn
        Assert-SignedBy $run $issued[0].access_key_id 'ap-southeast-2' $true
        $issued[0].access_key_id | Should -Not -Be $script:Source.AccessKeyId
    }

    It '-ProfileName with credential_process: the key the process printed' {
        $run = Invoke-Resolution 'by-process' -Arguments @{ ProfileName = 'process' }
        Assert-SignedBy $run $script:ByProcess.AccessKeyId 'us-west-2' $false
    }

    It '-ProfileName with an SSO session: the role credentials the SSO portal gave for the cached token' {
        $session = $script:SsoSession
        # GetRoleCredentials as the SSO portal answers it (botocore's sso model: GET /federation/credentials).
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GET /federation/credentials'; times = 1; respond = @{ status = 200; body = @{
                    roleCredentials = @{ accessKeyId = $session.AccessKeyId; secretAccessKey = $session.SecretAccessKey; sessionToken = $session.SessionToken
                        expiration = [DateTimeOffset]::UtcNow.AddHours(1).ToUnixTimeMilliseconds() } } } }
        try {
            $run = Invoke-Resolution 'by-sso' -Arguments @{ ProfileName = 'sso' }
        } finally { Clear-AwsProxyRule -Proxy $script:Proxy }
        $portal = @($run.Calls | Where-Object operation -EQ 'GET /federation/credentials')
        $portal.Count | Should -Be 1
        $portal[0].path | Should -BeLike '*account_id=123456789012*'
        $portal[0].path | Should -BeLike '*role_name=AlonzoDeployer*'
        Assert-SignedBy $run $session.AccessKeyId 'eu-west-3' $true
    }

    It 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN): the credentials STS gave for the token' {
        $session = $script:WebIdentitySession
        $tokenFile = Join-Path $TestDrive 'web-identity-token'
        Set-Content -LiteralPath $tokenFile -Value 'eyJhbGciOiJSUzI1NiJ9.alonzo.token' -NoNewline
        $reply = @"
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>alonzo-ci</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/alonzo-workload/web-identity</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:web-identity</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>$($session.SessionToken)</SessionToken>
      <SecretAccessKey>$($session.SecretAccessKey)</SecretAccessKey>
      <Expiration>$([DateTime]::UtcNow.AddHours(1).ToString('yyyy-MM-ddTHH:mm:ssZ'))</Expiration>
      <AccessKeyId>$($session.AccessKeyId)</AccessKeyId>
    </Credentials>
    <Provider>token.actions.githubusercontent.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
"@
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'AssumeRoleWithWebIdentity'; times = 1; respond = @{ status = 200; headers = @{ 'Content-Type' = 'text/xml' }; body = $reply } }
        try {
            $run = Invoke-Resolution 'by-web-identity' -HomePath $script:EmptyHome -Environment @{
                AWS_WEB_IDENTITY_TOKEN_FILE = $tokenFile; AWS_ROLE_ARN = $script:WorkloadArn; AWS_ROLE_SESSION_NAME = 'web-identity'; AWS_REGION = 'ap-south-1'
            }
        } finally { Clear-AwsProxyRule -Proxy $script:Proxy }
        $sts = @($run.Calls | Where-Object operation -EQ 'AssumeRoleWithWebIdentity')
        $sts.Count | Should -Be 1
        $sts[0].access_key | Should -BeNullOrEmpty -Because 'AssumeRoleWithWebIdentity is not signed: the token is the proof'
        Assert-SignedBy $run $session.AccessKeyId 'ap-south-1' $true
        $run.Result.Using | Should -Be 'Using region ap-south-1 and credentials from web identity token.'
    }

    It 'environment variables with a session token, in the region of AWS_REGION' {
        $session = $script:EnvironmentSession
        $run = Invoke-Resolution 'by-environment' -HomePath $script:EmptyHome -Environment @{
            AWS_ACCESS_KEY_ID = $session.AccessKeyId; AWS_SECRET_ACCESS_KEY = $session.SecretAccessKey; AWS_SESSION_TOKEN = $session.SessionToken
            AWS_REGION = 'ca-central-1'
        }
        Assert-SignedBy $run $session.AccessKeyId 'ca-central-1' $true
        $run.Result.Using | Should -Be 'Using region ca-central-1 and credentials from environment variables.'
    }

    It 'container credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI, with its authorization token' {
        $standIn = Start-CredentialStandIn -Mode Container -Credential $script:ContainerSession -AuthorizationToken 'container-auth-token'
        try {
            $run = Invoke-Resolution 'by-container' -HomePath $script:EmptyHome -Environment @{
                AWS_CONTAINER_CREDENTIALS_FULL_URI = $standIn.CredentialsUrl; AWS_CONTAINER_AUTHORIZATION_TOKEN = 'container-auth-token'; AWS_REGION = 'eu-north-1'
            }
            $requests = @(Get-CredentialStandInRequest -Service $standIn)
        } finally {
            Stop-TestService -Service $standIn
        }
        Assert-SignedBy $run $script:ContainerSession.AccessKeyId 'eu-north-1' $true
        $requests.Count | Should -BeGreaterThan 0
        $requests | ForEach-Object { "$($_.method) $($_.path) $($_.authorized) $($_.status)" } | Select-Object -Unique |
            Should -Be 'GET /v2/credentials/alonzo True 200'
        $run.Result.Using | Should -Be 'Using region eu-north-1 and credentials from container credentials.'
    }

    It 'instance metadata from AWS_EC2_METADATA_SERVICE_ENDPOINT, asking for an IMDSv2 token first, and the region from it' {
        $standIn = Start-CredentialStandIn -Mode Imds -Credential $script:InstanceSession
        try {
            $run = Invoke-Resolution 'by-instance' -HomePath $script:EmptyHome -Environment @{
                AWS_EC2_METADATA_DISABLED = $null; AWS_EC2_METADATA_SERVICE_ENDPOINT = "$($standIn.Url)/"
            }
            $requests = @(Get-CredentialStandInRequest -Service $standIn)
        } finally {
            Stop-TestService -Service $standIn
        }
        Assert-SignedBy $run $script:InstanceSession.AccessKeyId 'eu-central-1' $true
        "$($requests[0].method) $($requests[0].path)" | Should -Be 'PUT /latest/api/token'
        # Nothing was asked without the token (the stand-in answers 401 to that, as IMDSv2-only instances do).
        @($requests | Where-Object { -not $_.authorized }) | Should -BeNullOrEmpty
        $requests.path | Should -Contain '/latest/meta-data/iam/security-credentials/alonzo-instance-role'
        $run.Result.Using | Should -Be 'Using region eu-central-1 and credentials from instance metadata.'
    }
}

Describe 'Precedence between the sources' {
    BeforeAll {
        $script:Container = Start-CredentialStandIn -Mode Container -Credential $script:ContainerSession
        # Every source at once; each case takes the first one away.
        $script:Everything = @{
            AWS_ACCESS_KEY_ID = $script:ByEnvironment.AccessKeyId; AWS_SECRET_ACCESS_KEY = $script:ByEnvironment.SecretAccessKey
            AWS_PROFILE = 'static'
            AWS_CONTAINER_CREDENTIALS_FULL_URI = $script:Container.CredentialsUrl
        }
        $script:Keys = @{
            ByCredential = $script:ByCredential.AccessKeyId; ByProcess = $script:ByProcess.AccessKeyId
            ByEnvironment = $script:ByEnvironment.AccessKeyId; ByStatic = $script:ByStatic.AccessKeyId; ByDefault = $script:ByDefault.AccessKeyId
        }
        $script:AllArguments = @{ Key = $script:ByCredential.AccessKeyId; Secret = $script:ByCredential.SecretAccessKey; ProfileName = 'process'; Region = 'us-east-1' }
    }
    AfterAll { Stop-TestService -Service $script:Container }

    It '<Case>' -ForEach @(
        @{ Case = '-Credential beats -ProfileName, the environment, AWS_PROFILE and the container'; Drop = @(); NoArguments = @(); Expect = 'ByCredential' }
        @{ Case = '-ProfileName beats the environment variables'; Drop = @(); NoArguments = @('Key', 'Secret'); Expect = 'ByProcess' }
        @{ Case = 'AWS_ACCESS_KEY_ID beats AWS_PROFILE'; Drop = @(); NoArguments = @('Key', 'Secret', 'ProfileName'); Expect = 'ByEnvironment' }
        @{ Case = 'AWS_PROFILE beats the default profile'; Drop = @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'); NoArguments = @('Key', 'Secret', 'ProfileName'); Expect = 'ByStatic' }
        @{ Case = 'the default profile beats container credentials'; Drop = @('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'); NoArguments = @('Key', 'Secret', 'ProfileName'); Expect = 'ByDefault' }
    ) {
        $environment = $script:Everything.Clone()
        foreach ($name in $Drop) { $environment[$name] = $null }
        $arguments = $script:AllArguments.Clone()
        foreach ($name in $NoArguments) { $arguments.Remove($name) }
        $run = Invoke-Resolution ('precedence-' + $Expect.ToLowerInvariant()) -Environment $environment -Arguments $arguments
        Assert-SignedBy $run $script:Keys[$Expect] 'us-east-1' $false
    }

    It 'container credentials come last, when no profile file exists' {
        $environment = @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = $script:Container.CredentialsUrl }
        $run = Invoke-Resolution 'precedence-container' -HomePath $script:EmptyHome -Environment $environment -Arguments @{ Region = 'us-east-1' }
        Assert-SignedBy $run $script:ContainerSession.AccessKeyId 'us-east-1' $true
    }

    It 'region: -Region, then the -ProfileName profile''s, then AWS_REGION, then AWS_DEFAULT_REGION, then the AWS_PROFILE profile''s' {
        # Region resolution reads its sources on every command, so one process can walk the whole order.
        Clear-AwsProxyCall -Proxy $script:Proxy
        $run = Invoke-IsolatedPwsh -Parameters @{ ModulePath = $script:ModulePath } -Environment @{
            HOME = $script:ProfileHome; USERPROFILE = $script:ProfileHome; AWS_ENDPOINT_URL = $script:Proxy.Url; AWS_EC2_METADATA_DISABLED = 'true'
            AWS_ACCESS_KEY_ID = $script:ByEnvironment.AccessKeyId; AWS_SECRET_ACCESS_KEY = $script:ByEnvironment.SecretAccessKey
            AWS_REGION = 'us-east-2'; AWS_DEFAULT_REGION = 'eu-south-1'
        } -ScriptBlock {
            param($ModulePath)
            Import-Module $ModulePath
            (New-AlonzoStream -Name 'region-parameter' -Region 'sa-east-1' -ProfileName static).Region
            (New-AlonzoStream -Name 'region-profile' -ProfileName static).Region
            (New-AlonzoStream -Name 'region-environment').Region
            Remove-Item Env:AWS_REGION
            (New-AlonzoStream -Name 'region-default-environment').Region
            Remove-Item Env:AWS_DEFAULT_REGION
            $env:AWS_PROFILE = 'static'
            (New-AlonzoStream -Name 'region-aws-profile').Region
        }
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $expected = @('sa-east-1', 'eu-west-1', 'us-east-2', 'eu-south-1', 'eu-west-1')
        $run.Output | Should -Be $expected
        # The region each stream was signed for and created in, as moto saw it.
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation CreateStream).signing_region | Should -Be $expected
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation CreateStream).status | Should -Be @(200, 200, 200, 200, 200)
    }
}

Describe 'When nothing resolves, or a source fails' {
    It 'says what it tried when no credentials resolve' {
        $run = Invoke-IsolatedPwsh -Parameters @{ ModulePath = $script:ModulePath; Endpoint = $script:Proxy.Url } -Environment @{
            HOME = $script:EmptyHome; USERPROFILE = $script:EmptyHome; AWS_EC2_METADATA_DISABLED = 'true'
        } -ScriptBlock {
            param($ModulePath, $Endpoint)
            Import-Module $ModulePath
            Get-AlonzoStream -Name 'x' -EndpointUrl $Endpoint -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue
            [pscustomobject]@{ Id = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"; Message = "$($err[0])" }
        }
        $result = $run.Output[0]
        $result.Id | Should -BeLike 'NoCredentials,*'
        $result.Category | Should -Be 'AuthenticationError'
        $result.Message | Should -BeLike 'No AWS credentials were found. Tried:*AWS_ACCESS_KEY_ID*profile*instance metadata*'
        $result.Message | Should -BeLike '*-Credential*-ProfileName*'
    }

    It 'says what it tried when no region resolves' {
        $run = Invoke-IsolatedPwsh -Parameters @{ ModulePath = $script:ModulePath; Endpoint = $script:Proxy.Url } -Environment @{
            HOME = $script:EmptyHome; USERPROFILE = $script:EmptyHome; AWS_EC2_METADATA_DISABLED = 'true'
            AWS_ACCESS_KEY_ID = 'testing'; AWS_SECRET_ACCESS_KEY = 'testing'
        } -ScriptBlock {
            param($ModulePath, $Endpoint)
            Import-Module $ModulePath
            Get-AlonzoStream -Name 'x' -EndpointUrl $Endpoint -ErrorVariable err -ErrorAction SilentlyContinue
            [pscustomobject]@{ Id = $err[0].FullyQualifiedErrorId; Message = "$($err[0])" }
        }
        $run.Output[0].Id | Should -BeLike 'NoRegion,*'
        $run.Output[0].Message | Should -BeLike 'No AWS region was found. Tried:*AWS_REGION*-Region*'
    }

    It 'names the profile and the reason when its role cannot be assumed, before anything is created' {
        Clear-AwsProxyCall -Proxy $script:Proxy
        $run = Invoke-IsolatedPwsh -Parameters @{ ModulePath = $script:ModulePath } -Environment @{
            HOME = $script:ProfileHome; USERPROFILE = $script:ProfileHome; AWS_ENDPOINT_URL = $script:Proxy.Url; AWS_EC2_METADATA_DISABLED = 'true'; AWS_MAX_ATTEMPTS = '1'
        } -ScriptBlock {
            param($ModulePath)
            Import-Module $ModulePath
            # The static profile's user may not assume roles.
            $config = Join-Path $HOME '.aws/config'
            $env:AWS_CONFIG_FILE = Join-Path ([IO.Path]::GetTempPath()) ('config-' + [guid]::NewGuid().ToString('N'))
            (Get-Content $config -Raw).Replace('source_profile = source', 'source_profile = static') | Set-Content $env:AWS_CONFIG_FILE
            try {
                New-AlonzoStream -Name 'never-assumed' -ProfileName ops -ErrorVariable err -ErrorAction SilentlyContinue
            } finally { Remove-Item $env:AWS_CONFIG_FILE }
            [pscustomobject]@{ Id = $err[0].FullyQualifiedErrorId; Category = "$($err[0].CategoryInfo.Category)"; Message = "$($err[0])" }
        }
        $result = $run.Output[0]
        $result.Id | Should -BeLike 'NoCredentials,*'
        $result.Category | Should -Be 'AuthenticationError'
        $result.Message | Should -BeLike "The credentials from profile 'ops' could not be obtained:*AssumeRole*$($script:DeployerArn)*not authorized to perform: sts:AssumeRole*"
        $result.Message | Should -Not -BeLike "*$($script:ByStatic.SecretAccessKey)*"
        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.operation | Should -Be @('AssumeRole')
        $calls[0].status | Should -Be 403
    }
}
