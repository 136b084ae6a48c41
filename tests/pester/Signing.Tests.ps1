#Requires -Version 7.0
# SigV4 signing of every service Alonzo calls, proven by verifiers Alonzo did not write: moto's own
# signature check (after Enable-MotoSignatureCheck every call must be signed with a key moto issued),
# and, where moto's check cannot judge, botocore's SigV4 signer run by the proxy on the request exactly
# as it arrived (tests/fixtures/sigv4_reference.py), with the same date and the same secret.
#
# Where moto's verifier mis-canonicalises (moto 5.2.1; it rebuilds the request from what its web
# framework decoded), it refuses Lambda requests that AWS and botocore accept:
#   - %-encoded path segments (function ARNs in /2017-03-31/tags/{ARN} and /functions/{ARN}): moto signs
#     the decoded path encoded once, where SigV4 encodes the path as sent once more;
#   - query values with reserved characters (Qualifier=$LATEST, EventSourceArn=arn:aws:kinesis:...):
#     moto leaves them unencoded in its canonical query string.
# (It also hashes its own header dictionary as the payload of a request without a body, which only
# matters to clients that send no X-Amz-Content-SHA256 header; Alonzo sends it.) Those calls are
# checked against botocore's signer instead. Loopback only; services stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Moto = Start-MotoServer
    Invoke-RestMethod -Method Post -Uri "$($script:Moto.Url)/moto-api/config" -ContentType 'application/json' -Body '{"lambda":{"use_docker":false}}' -NoProxy | Out-Null
    $script:Proxy = Start-AwsProxy -Upstream $script:Moto

    $script:Signer = New-MotoUser -Service $script:Moto -Name 'alonzo-signer' -Action '*'
    $script:Reader = New-MotoUser -Service $script:Moto -Name 'alonzo-reader' -Action 'iam:Get*', 'iam:List*'
    $script:Wrong = [pscredential]::new($script:Signer.AccessKeyId, (ConvertTo-SecureString ('wrong' + $script:Signer.SecretAccessKey.Substring(5)) -AsPlainText -Force))
    # A function and a log to read, made while calls are still free.
    $script:Now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $script:FunctionArn = Invoke-Boto3 -Service $script:Moto -Arguments @{ now = $script:Now } -Code @'
import io, zipfile
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w') as archive:
    archive.writestr('lambda_function.py', 'def lambda_handler(event, context):\n    return event\n')
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
role = client('iam').create_role(RoleName='signed-fn-role', AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']
result = client('lambda').create_function(FunctionName='signed-fn', Runtime='python3.12', Role=role, Handler='lambda_function.lambda_handler', Code={'ZipFile': buffer.getvalue()})['FunctionArn']
client('kinesis').create_stream(StreamName='signed-stream', ShardCount=1)
logs = client('logs')
logs.create_log_group(logGroupName='/aws/lambda/signed-fn')
logs.create_log_stream(logGroupName='/aws/lambda/signed-fn', logStreamName='s')
logs.put_log_events(logGroupName='/aws/lambda/signed-fn', logStreamName='s', logEvents=[{'timestamp': args['now'] - 1000, 'message': 'signed log line'}])
'@
    Enable-MotoSignatureCheck -Service $script:Moto
    Set-AwsProxyKey -Proxy $script:Proxy -Key @{ $script:Signer.AccessKeyId = $script:Signer.SecretAccessKey }

    $script:Signed = @{ Credential = $script:Signer.Credential; EndpointUrl = $script:Proxy.Url }

    # The calls since the last Clear-AwsProxyCall, of one signing name.
    function Get-ServiceCalls([string] $Service) { @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object service -EQ $Service) }

    # moto's check passed (it answers 403 to a bad signature) and botocore's signer agrees with the signature
    # sent, for every call, and the calls include these operations.
    function Assert-AcceptedByBoth([object[]] $Calls, [string[]] $Operations) {
        foreach ($operation in $Operations) { $Calls.operation | Should -Contain $operation }
        foreach ($call in $Calls) {
            $call.status | Should -Not -Be 403 -Because "moto's verifier must accept $($call.request)"
            $call.signature.matches | Should -BeTrue -Because "botocore's signer must agree on $($call.request):`n$($call.signature.canonical_request)"
        }
    }

    # The command (a script block splatting its one argument into the cmdlet) fails with the wrong secret:
    # moto refuses its first call, nothing else is sent, and nothing shows either secret.
    function Assert-WrongSecretRefused([scriptblock] $Command) {
        Clear-AwsProxyCall -Proxy $script:Proxy
        $out = & $Command @{ Credential = $script:Wrong; EndpointUrl = $script:Proxy.Url; ErrorAction = 'Continue'; Verbose = $true; Debug = $true } 2>&1 4>&1 5>&1
        $failure = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'AwsAuthenticationFailed,*'
        $failure[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($failure[0])" | Should -BeLike '*SignatureDoesNotMatch*'
        $failure[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $everything = (($out | ForEach-Object { "$_" }) + ($failure | ForEach-Object { "$_ $($_.Exception.InnerException)" })) -join "`n"
        $everything | Should -Not -BeLike "*$($script:Wrong.GetNetworkCredential().Password)*"
        $everything | Should -Not -BeLike "*$($script:Signer.SecretAccessKey)*"
        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.status | Should -Be @(403) -Because 'nothing is retried or sent after a refused signature'
        $calls[0].signature.matches | Should -BeFalse -Because "botocore's signer, given the right secret, disagrees too"
    }
}

AfterAll {
    Stop-TestService -Service $script:Proxy
    Stop-TestService -Service $script:Moto
    Stop-AllTestServices
}

Describe 'moto''s signature check accepts the key it issued and refuses a wrong secret' {
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'Kinesis: create, write, read and delete a stream' {
        (New-AlonzoStream -Name 'signed' @script:Signed).Status | Should -Be 'ACTIVE'
        ('one', 'two', 'three' | Write-AlonzoRecord -StreamName 'signed' @script:Signed).Records | Should -Be 3
        (Read-AlonzoRecord -StreamName 'signed' -From TrimHorizon -First 3 -AsString @script:Signed) | Should -Be @('one', 'two', 'three')
        Remove-AlonzoStream -Name 'signed' -Force -Wait @script:Signed
        Assert-AcceptedByBoth (Get-ServiceCalls 'kinesis') @('DescribeStreamSummary', 'CreateStream', 'PutRecords', 'GetShardIterator', 'GetRecords', 'DeleteStream')
        Assert-WrongSecretRefused { param($Common) New-AlonzoStream -Name 'unsigned' @Common }
    }

    It 'IAM: create a role with a managed policy, read it and delete it, signed for us-east-1 whatever -Region says' {
        $role = New-AlonzoRole -Name 'signed-role' -ManagedPolicyArn 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole' -Region eu-west-1 @script:Signed
        $role.Action | Should -Be 'Created'
        (Get-AlonzoRole -Name 'signed-role' @script:Signed).ManagedPolicyArns | Should -Be @('arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole')
        Remove-AlonzoRole -Name 'signed-role' -Force @script:Signed
        $calls = Get-ServiceCalls 'iam'
        Assert-AcceptedByBoth $calls @('GetRole', 'CreateRole', 'AttachRolePolicy', 'DetachRolePolicy', 'DeleteRole')
        @($calls.signing_region | Select-Object -Unique) | Should -Be @('us-east-1')
        Assert-WrongSecretRefused { param($Common) New-AlonzoRole -Name 'unsigned-role' @Common }
    }

    It 'IAM: a missing permission is access denied, after reading only' {
        $reader = @{ Credential = $script:Reader.Credential; EndpointUrl = $script:Proxy.Url }
        New-AlonzoRole -Name 'denied-role' @reader -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'AwsAccessDenied,*'
        $failure[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        "$($failure[0])" | Should -BeLike '*CreateRole*'
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object { $_.mutating -and $_.status -ne 403 }) | Should -BeNullOrEmpty
        Get-AlonzoRole -Name 'denied-*' @reader | Should -BeNullOrEmpty
    }

    It 'CloudWatch Logs: read a function''s log' {
        (Get-AlonzoLog -FunctionName 'signed-fn' -Last '00:10:00' @script:Signed).Message | Should -Be 'signed log line'
        Assert-AcceptedByBoth (Get-ServiceCalls 'logs') @('FilterLogEvents')
        Assert-WrongSecretRefused { param($Common) Get-AlonzoLog -FunctionName 'signed-fn' @Common }
    }

    It 'Lambda: deploy, update, read, invoke and delete a function (plain names, which moto canonicalises right)' {
        $handler = New-TestHandler (Join-Path $TestDrive 'signed-handler')
        $deploy = @{ Path = $handler; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12'; Role = 'signed-fn-role' }
        (Publish-AlonzoFunction -Name 'signed-deploy' @deploy @script:Signed).Action | Should -Be 'Created'
        (Publish-AlonzoFunction -Name 'signed-deploy' @deploy -MemorySize 256 @script:Signed).Action | Should -Be 'Updated'
        (Get-AlonzoFunction -Name 'signed-deploy' @script:Signed).MemorySize | Should -Be 256
        (Invoke-AlonzoFunction -Name 'signed-deploy' -Payload @{ signed = $true } @script:Signed).Payload.signed | Should -BeTrue
        Remove-AlonzoFunction -Name 'signed-deploy' -Force @script:Signed
        Assert-AcceptedByBoth (Get-ServiceCalls 'lambda') @('GetFunction', 'CreateFunction', 'GetFunctionConfiguration', 'UpdateFunctionConfiguration', 'Invoke', 'DeleteFunction')
        Assert-WrongSecretRefused { param($Common) Invoke-AlonzoFunction -Name 'signed-fn' -Payload '{}' @Common }
        Assert-WrongSecretRefused { param($Common) Get-AlonzoFunction -Name 'signed-fn' @Common }
    }

    It 'Lambda: <Case> is refused by moto''s verifier, though botocore''s signer agrees with Alonzo' -ForEach @(
        @{ Case = 'a function ARN in the path'; Command = { param($Common) Get-AlonzoFunction -Name 'arn:aws:lambda:us-east-1:123456789012:function:signed-fn' @Common }; Path = '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Asigned-fn' }
        @{ Case = 'a qualifier with a reserved character'; Command = { param($Common) Invoke-AlonzoFunction -Name 'signed-fn' -Payload '{}' -Qualifier '$LATEST' @Common }; Path = '/2015-03-31/functions/signed-fn/invocations?Qualifier=%24LATEST' }
        @{ Case = 'a stream ARN in the query'; Command = { param($Common) Get-AlonzoEventMapping -StreamName 'signed-stream' @Common }; Path = '/2015-03-31/event-source-mappings?EventSourceArn=arn%3Aaws%3Akinesis%3Aus-east-1%3A123456789012%3Astream%2Fsigned-stream' }
    ) {
        $out = & $Command ($script:Signed + @{ ErrorAction = 'Continue' }) 2>&1
        $failure = @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $failure.Count | Should -Be @($out).Count -Because "nothing but the error comes out: $($out | Out-String)"
        "$($failure[0])" | Should -BeLike '*SignatureDoesNotMatch*'
        $calls = @(Get-ServiceCalls 'lambda')
        $calls.Count | Should -Be 1
        $calls[0].path | Should -Be $Path
        $calls[0].status | Should -Be 403
        $calls[0].signature.matches | Should -BeTrue -Because "botocore's canonical request:`n$($calls[0].signature.canonical_request)"
    }
}

Describe 'Every Lambda call agrees with botocore''s signer, encoded ARNs and qualifiers included' {
    BeforeAll {
        # moto without its signature check (it would refuse most of these, see the top of this file), so the
        # whole deploy runs; the proxy still checks each call's signature against botocore's signer.
        $script:Open = Start-AlonzoEmulator -LambdaWithoutDocker
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
        $script:Key = @{ AccessKeyId = 'AKIDEXAMPLE'; Secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
        Set-AwsProxyKey -Proxy $script:Open.Proxy -Key @{ $script:Key.AccessKeyId = $script:Key.Secret }
        $script:OpenSigned = @{
            Credential  = [pscredential]::new($script:Key.AccessKeyId, (ConvertTo-SecureString $script:Key.Secret -AsPlainText -Force))
            EndpointUrl = $script:Open.Proxy.Url
        }
        $script:HandlerPath = New-TestHandler (Join-Path $TestDrive 'handler')
    }
    AfterAll { Stop-TestService -Service $script:Open.Proxy; Stop-TestService -Service $script:Open.Moto }

    It 'deploys, tags, updates, invokes by qualifier, maps a stream and tears down, every call signed as botocore signs it' {
        Clear-AwsProxyCall -Proxy $script:Open.Proxy
        $role = New-AlonzoRole -Name 'arn-role' @script:OpenSigned
        $fn = $role | Publish-AlonzoFunction -Name 'arn-fn' -Path $script:HandlerPath -Handler lambda_function.lambda_handler -Runtime python3.12 -Tag @{ team = 'data'; 'cost center' = 'a/b:c' } @script:OpenSigned
        ($role | Publish-AlonzoFunction -Name 'arn-fn' -Path $script:HandlerPath -Handler lambda_function.lambda_handler -Runtime python3.12 -MemorySize 256 -Tag @{ team = 'ops' } @script:OpenSigned).Action | Should -Be 'Updated'
        (Invoke-AlonzoFunction -Name 'arn-fn' -Qualifier '$LATEST' -Payload @{ q = 1 } @script:OpenSigned).Payload.q | Should -Be 1
        (Get-AlonzoFunction -Name 'arn-*' @script:OpenSigned).FunctionName | Should -Be 'arn-fn'
        $mapping = New-AlonzoStream -Name 'arn-stream' @script:OpenSigned | Add-AlonzoEventMapping -FunctionName 'arn-fn' @script:OpenSigned
        (Get-AlonzoEventMapping -FunctionName 'arn-fn' @script:OpenSigned).UUID | Should -Be $mapping.UUID
        Remove-AlonzoEventMapping -UUID $mapping.UUID -Force -Wait @script:OpenSigned
        Remove-AlonzoFunction -Name 'arn-fn' -Force @script:OpenSigned

        $calls = @(Get-AwsProxyCall -Proxy $script:Open.Proxy)
        foreach ($call in $calls) {
            $call.access_key | Should -Be $script:Key.AccessKeyId
            $call.signature.matches | Should -BeTrue -Because "$($call.method) $($call.path) must be signed as botocore signs it; botocore's canonical request:`n$($call.signature.canonical_request)"
        }
        $lambda = @($calls | Where-Object service -EQ 'lambda')
        # The shapes moto's verifier gets wrong are all among them.
        $lambda.method | Select-Object -Unique | Sort-Object | Should -Be @('DELETE', 'GET', 'POST', 'PUT')
        @($lambda | Where-Object { $_.operation -eq 'TagResource' -and $_.path -like '/2017-03-31/tags/arn%3Aaws%3Alambda%3A*' }).Count | Should -BeGreaterThan 0
        @($lambda | Where-Object { $_.operation -eq 'Invoke' -and $_.path -like '*Qualifier=%24LATEST*' }).Count | Should -Be 1
        @($lambda | Where-Object { $_.path -like '*EventSourceArn=arn%3Aaws%3Akinesis*' }).Count | Should -BeGreaterThan 0
    }

    It 'and botocore''s signer disagrees with a signature made with another secret' {
        $other = @{ Credential = [pscredential]::new($script:Key.AccessKeyId, (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force)); EndpointUrl = $script:Open.Proxy.Url }
        Clear-AwsProxyCall -Proxy $script:Open.Proxy
        Get-AlonzoFunction -Name 'anything-*' @other | Out-Null
        Invoke-AlonzoFunction -Name 'missing-fn' -Qualifier '$LATEST' -Payload '{}' @other -ErrorAction SilentlyContinue | Out-Null
        $calls = @(Get-AwsProxyCall -Proxy $script:Open.Proxy)
        $calls.Count | Should -BeGreaterThan 1
        foreach ($call in $calls) { $call.signature.matches | Should -BeFalse }
    }
}
