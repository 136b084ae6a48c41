#Requires -Version 7.0
# Proves the test fixtures themselves: moto_server, the recording and fault-injecting proxy
# (tests/fixtures/aws_proxy.py) and the helpers in Alonzo.TestSupport.psm1. Loopback only.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force

    $script:Moto = Start-MotoServer
    $script:Proxy = Start-AwsProxy -Upstream $script:Moto

    # A Lambda function in moto needs an IAM role and a zip; both are made once and shared.
    $script:Role = (Invoke-AwsCli -Service $script:Proxy -Arguments @(
            'iam', 'create-role', '--role-name', 'alonzo-fixture-role',
            '--assume-role-policy-document',
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
        )).Role
    $script:ZipPath = Join-Path $TestDrive 'function.zip'
    & python3 -c @'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as archive:
    archive.writestr("lambda_function.py", "def handler(event, context):\n    return event\n")
'@ $script:ZipPath
    if ($LASTEXITCODE -ne 0) { throw 'could not build the test zip' }

    function New-TestFunction([string] $Name) {
        Invoke-AwsCli -Service $script:Proxy -Arguments @(
            'lambda', 'create-function', '--function-name', $Name, '--runtime', 'python3.12',
            '--role', $script:Role.Arn, '--handler', 'lambda_function.handler', '--zip-file', "fileb://$($script:ZipPath)"
        )
    }
}

AfterAll {
    # Runs even when BeforeAll or a test failed; Stop-TestService never throws.
    Stop-TestService -Service $script:Proxy
    Stop-TestService -Service $script:Moto
    Stop-AllTestServices
}

Describe 'Test services' {
    It 'starts moto and the proxy on loopback ports' {
        $script:Moto.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $script:Proxy.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $script:Proxy.Upstream | Should -Be $script:Moto.Url
        (Invoke-RestMethod -Uri "$($script:Proxy.Url)/__proxy/health" -NoProxy).ok | Should -BeTrue
    }

    It 'loads the AWS managed IAM policies into moto' {
        $policy = Invoke-AwsCli -Service $script:Moto -Arguments @(
            'iam', 'get-policy', '--policy-arn', 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole')
        $policy.Policy.PolicyName | Should -Be 'AWSLambdaKinesisExecutionRole'
    }

    It 'refuses URLs that are not on loopback' {
        { Invoke-AwsCli -Service 'http://192.0.2.10:4566' -Arguments @('kinesis', 'list-streams') } |
            Should -Throw '*non-loopback*'
        { Start-AwsProxy -Upstream 'http://192.0.2.10:4566' } | Should -Throw '*non-loopback*'
    }

    It 'stops a service with its process tree, and stopping twice is harmless' {
        if (-not (Test-Path /proc/self/task)) { Set-ItResult -Skipped -Because 'finding the service behind its watchdog needs /proc (Linux)'; return }
        $extra = Start-AwsProxy -Upstream $script:Moto
        $pythonPid = [int] (Get-Content "/proc/$($extra.Process.Id)/task/$($extra.Process.Id)/children").Trim()

        Stop-TestService -Service $extra

        $extra.Process.HasExited | Should -BeTrue
        # The proxy itself (the watchdog's child) is gone too, not just the watchdog.
        Test-Path "/proc/$pythonPid" | Should -BeFalse
        { Stop-TestService -Service $extra } | Should -Not -Throw
        { Invoke-RestMethod -Uri "$($extra.Url)/__proxy/health" -NoProxy -TimeoutSec 2 } | Should -Throw
    }

    It 'passes extra environment to moto: INITIAL_NO_AUTH_ACTION_COUNT turns on SigV4 checks' {
        # The first 3 calls are free; from then on moto checks the key, the signature and IAM policy.
        $strict = Start-MotoServer -Environment @{ INITIAL_NO_AUTH_ACTION_COUNT = '3' }
        try {
            Invoke-AwsCli -Service $strict -Arguments @('iam', 'create-user', '--user-name', 'signer') | Out-Null
            $key = (Invoke-AwsCli -Service $strict -Arguments @('iam', 'create-access-key', '--user-name', 'signer')).AccessKey
            Invoke-AwsCli -Service $strict -Arguments @('iam', 'put-user-policy', '--user-name', 'signer', '--policy-name', 'all',
                '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}') | Out-Null
            $good = @{ AWS_ACCESS_KEY_ID = $key.AccessKeyId; AWS_SECRET_ACCESS_KEY = $key.SecretAccessKey }
            $badSecret = @{ AWS_ACCESS_KEY_ID = $key.AccessKeyId; AWS_SECRET_ACCESS_KEY = 'wrong' }

            # moto answers auth failures of every protocol, Kinesis' JSON included, with a
            # 403 text/html body in the IAM Query XML error format.
            { Invoke-AwsCli -Service $strict -Arguments @('kinesis', 'list-streams') } |
                Should -Throw '*(403)*<Code>InvalidClientTokenId</Code>*'
            { Invoke-AwsCli -Service $strict -Arguments @('kinesis', 'list-streams') -Environment $badSecret } |
                Should -Throw '*(403)*<Code>SignatureDoesNotMatch</Code>*'
            (Invoke-AwsCli -Service $strict -Arguments @('kinesis', 'list-streams') -Environment $good).StreamNames |
                Should -BeNullOrEmpty
        } finally {
            Stop-TestService -Service $strict
        }
    }

    It 'resets moto' {
        $throwaway = Start-MotoServer
        try {
            Invoke-AwsCli -Service $throwaway -Arguments @('kinesis', 'create-stream', '--stream-name', 'gone', '--shard-count', '1')
            (Invoke-AwsCli -Service $throwaway -Arguments @('kinesis', 'list-streams')).StreamNames | Should -Be @('gone')

            Reset-MotoServer -Service $throwaway

            (Invoke-AwsCli -Service $throwaway -Arguments @('kinesis', 'list-streams')).StreamNames | Should -BeNullOrEmpty
        } finally {
            Stop-TestService -Service $throwaway
        }
    }
}

Describe 'Call recording' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'records a Kinesis CreateStream sent through the proxy as mutating' {
        Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'create-stream', '--stream-name', 'recorded', '--shard-count', '1')
        $summary = Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'recorded')

        # moto creates streams ACTIVE at once; real Kinesis reports CREATING first.
        $summary.StreamDescriptionSummary.StreamStatus | Should -Be 'ACTIVE'

        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.Count | Should -Be 2
        $calls[0].operation | Should -Be 'CreateStream'
        $calls[0].service | Should -Be 'kinesis'
        $calls[0].target | Should -Be 'Kinesis_20131202.CreateStream'
        $calls[0].mutating | Should -BeTrue
        $calls[0].status | Should -Be 200
        $calls[0].method | Should -Be 'POST'
        $calls[0].path | Should -Be '/'
        $calls[1].operation | Should -Be 'DescribeStreamSummary'
        $calls[1].mutating | Should -BeFalse
    }

    It 'names Query (IAM) and REST-JSON (Lambda) operations' {
        Invoke-AwsCli -Service $script:Proxy -Arguments @('iam', 'get-role', '--role-name', 'alonzo-fixture-role') | Out-Null
        Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'list-functions') | Out-Null
        { Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'get-function', '--function-name', 'alonzo-missing') } |
            Should -Throw '*ResourceNotFoundException*'

        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.operation | Should -Be @('GetRole', 'ListFunctions', 'GetFunction')
        $calls[0].service | Should -Be 'iam'
        $calls[0].protocol | Should -Be 'query'
        $calls[2].service | Should -Be 'lambda'
        $calls[2].request | Should -Be 'GET /2015-03-31/functions/alonzo-missing'
        $calls[2].status | Should -Be 404
        $calls.mutating | Should -Be @($false, $false, $false)
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation 'GetRole').Count | Should -Be 1
    }

    It 'records CloudWatch Logs reads (FilterLogEvents, DescribeLogGroups) as reads and writes as writes' {
        Invoke-AwsCli -Service $script:Proxy -Arguments @('logs', 'create-log-group', '--log-group-name', '/fixture/reads') | Out-Null
        Invoke-AwsCli -Service $script:Proxy -Arguments @('logs', 'filter-log-events', '--log-group-name', '/fixture/reads') | Out-Null
        Invoke-AwsCli -Service $script:Proxy -Arguments @('logs', 'describe-log-groups') | Out-Null
        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.operation | Should -Be @('CreateLogGroup', 'FilterLogEvents', 'DescribeLogGroups')
        $calls.mutating | Should -Be @($true, $false, $false)
    }
}

Describe 'Signature check' {
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }
    AfterAll { $null = Invoke-RestMethod -Method Delete -Uri "$($script:Proxy.Url)/__proxy/keys" -NoProxy }

    It 'records the key, region and token of every call, and agrees with botocore-signed requests of every shape' {
        # The aws CLI signs with botocore: an ARN in the path, reserved characters in the query, no body, a JSON body.
        Set-AwsProxyKey -Proxy $script:Proxy -Key @{ testing = 'testing' }
        { Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'get-function', '--function-name', 'arn:aws:lambda:us-east-1:123456789012:function:alonzo-missing', '--qualifier', '$LATEST') } |
            Should -Throw '*ResourceNotFoundException*'
        Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'list-event-source-mappings', '--event-source-arn', 'arn:aws:kinesis:us-east-1:123456789012:stream/a b') | Out-Null
        Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'list-streams') -Region eu-west-1 -Environment @{ AWS_SESSION_TOKEN = 'token' } | Out-Null

        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls.Count | Should -Be 3
        $calls[0].path | Should -BeLike '/2015-03-31/functions/arn%3Aaws%3Alambda%3A*?Qualifier=%24LATEST'
        $calls.access_key | Should -Be @('testing', 'testing', 'testing')
        $calls.signing_region | Should -Be @('us-east-1', 'us-east-1', 'eu-west-1')
        $calls.session_token | Should -Be @($false, $false, $true)
        foreach ($call in $calls) {
            $call.signature.matches | Should -BeTrue -Because "botocore signed $($call.path):`n$($call.signature.canonical_request)"
            $call.signature.payload_hash_matches | Should -BeTrue
        }
        $calls[0].signature.canonical_request | Should -BeLike "GET`n/2015-03-31/functions/arn%253Aaws%253Alambda%253A*`nQualifier=%24LATEST`n*"
    }

    It 'disagrees when the secret differs, and checks nothing for keys it was not given' {
        Set-AwsProxyKey -Proxy $script:Proxy -Key @{ testing = 'another secret' }
        Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'list-streams') | Out-Null
        Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'list-streams') -Environment @{ AWS_ACCESS_KEY_ID = 'unregistered' } | Out-Null
        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy)
        $calls[0].signature.matches | Should -BeFalse
        $calls[0].signature.sent | Should -Not -Be $calls[0].signature.botocore
        $calls[1].PSObject.Properties.Name | Should -Not -Contain 'signature'
    }
}

Describe 'Fault rules' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }
    AfterAll {
        Clear-AwsProxyRule -Proxy $script:Proxy
    }

    It 'rejects a rule that has no single action' {
        { Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{ operation = 'ListStreams' }) } | Should -Throw
        { Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation = 'ListStreams'; respond = @{ status = 500 }; patch_json = @{ a = 1 } }) } | Should -Throw
    }

    Context 'respond' {
        It 'answers the first N matching calls itself, then lets calls through' {
            $message = 'The role defined for the function cannot be assumed by Lambda.'
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation = 'CreateFunction'
                    times     = 2
                    respond   = @{
                        status  = 400
                        headers = @{ 'X-Amzn-ErrorType' = 'InvalidParameterValueException'; 'Content-Type' = 'application/json' }
                        body    = (@{ Type = 'User'; message = $message } | ConvertTo-Json -Compress)
                    }
                })

            foreach ($attempt in 1..2) {
                { New-TestFunction 'alonzo-respond' } |
                    Should -Throw "*(InvalidParameterValueException)*$message*"
            }
            # Nothing was forwarded: moto has no such function yet.
            { Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'get-function', '--function-name', 'alonzo-respond') } |
                Should -Throw '*ResourceNotFoundException*'

            (New-TestFunction 'alonzo-respond').FunctionName | Should -Be 'alonzo-respond'

            $calls = @(Get-AwsProxyCall -Proxy $script:Proxy -Operation 'CreateFunction')
            $calls.status | Should -Be @(400, 400, 201)
            $calls[0].rule.action | Should -Be 'respond'
            $calls[2].rule | Should -BeNullOrEmpty
            (Get-AwsProxyRule -Proxy $script:Proxy)[0].remaining | Should -Be 0
        }

        It 'keeps answering without times, until the rules are cleared' {
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation = 'ListStreams'
                    respond   = @{
                        status  = 400
                        headers = @{ 'Content-Type' = 'application/x-amz-json-1.1' }
                        body    = @{ __type = 'LimitExceededException'; message = 'Rate exceeded for account 123456789012.' }
                    }
                })
            foreach ($attempt in 1..3) {
                { Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'list-streams') } |
                    Should -Throw '*(LimitExceededException)*Rate exceeded*'
            }

            Clear-AwsProxyRule -Proxy $script:Proxy

            { Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'list-streams') } | Should -Not -Throw
        }
    }

    Context 'patch_json' {
        BeforeAll {
            New-TestFunction 'alonzo-patch' | Out-Null
        }

        It 'changes only existing fields of the first N replies' {
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation  = 'GetFunctionConfiguration'
                    times      = 2
                    patch_json = [ordered] @{
                        'LastUpdateStatus'               = 'InProgress'
                        'Configuration.LastUpdateStatus' = 'InProgress'   # absent here: must not be added
                    }
                })
            $arguments = @('lambda', 'get-function-configuration', '--function-name', 'alonzo-patch')

            $replies = foreach ($attempt in 1..3) { Invoke-AwsCli -Service $script:Proxy -Arguments $arguments }

            $replies.LastUpdateStatus | Should -Be @('InProgress', 'InProgress', 'Successful')
            foreach ($reply in $replies) {
                $reply.PSObject.Properties.Name | Should -Not -Contain 'Configuration'
                $reply.FunctionName | Should -Be 'alonzo-patch'
            }
            # Another operation is not touched, and moto's own state never changed.
            (Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'get-function', '--function-name', 'alonzo-patch')).Configuration.LastUpdateStatus |
                Should -Be 'Successful'
            $calls = @(Get-AwsProxyCall -Proxy $script:Proxy -Operation 'GetFunctionConfiguration')
            $calls[0].patched | Should -Be @('LastUpdateStatus')
            $calls[2].rule | Should -BeNullOrEmpty
        }

        It 'patches nested paths of GetFunction' {
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation  = 'GetFunction'
                    times      = 1
                    patch_json = @{ 'Configuration.State' = 'Pending'; 'Configuration.LastUpdateStatus' = 'InProgress' }
                })
            $reply = Invoke-AwsCli -Service $script:Proxy -Arguments @('lambda', 'get-function', '--function-name', 'alonzo-patch')
            $reply.Configuration.State | Should -Be 'Pending'
            $reply.Configuration.LastUpdateStatus | Should -Be 'InProgress'
        }
    }

    Context 'fail_put_records' {
        BeforeAll {
            Invoke-AwsCli -Service $script:Proxy -Arguments @('kinesis', 'create-stream', '--stream-name', 'partial', '--shard-count', '1')
            $script:RecordsFile = Join-Path $TestDrive 'records.json'
            # The aws CLI v1 base64-encodes blob members itself, so Data is plain text here.
            $records = foreach ($i in 0..19) { [ordered] @{ Data = 'record-{0:d2}' -f $i; PartitionKey = 'pk' } }
            ConvertTo-Json -InputObject @($records) -Depth 5 | Set-Content -LiteralPath $script:RecordsFile

            function Send-Records {
                Invoke-AwsCli -Service $script:Proxy -Arguments @(
                    'kinesis', 'put-records', '--stream-name', 'partial', '--records', "file://$($script:RecordsFile)")
            }
            function Get-FailedIndex($Reply) {
                for ($i = 0; $i -lt $Reply.Records.Count; $i++) {
                    if ($Reply.Records[$i].PSObject.Properties['ErrorCode']) { $i }
                }
            }
        }

        It 'fails about half the entries in place and forwards the others to moto' {
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(@{
                    operation = 'PutRecords'; times = 1; fail_put_records = @{ share = 0.5; seed = 1 } })

            $reply = Send-Records

            $reply.Records.Count | Should -Be 20
            $failed = @(Get-FailedIndex $reply)
            $failed.Count | Should -BeGreaterThan 3
            $failed.Count | Should -BeLessThan 17
            $reply.FailedRecordCount | Should -Be $failed.Count
            foreach ($i in 0..19) {
                $record = $reply.Records[$i]
                if ($failed -contains $i) {
                    $record.ErrorCode | Should -Be 'ProvisionedThroughputExceededException'
                    $record.ErrorMessage | Should -Be 'Rate exceeded for shard shardId-000000000000 in stream partial under account 123456789012.'
                    $record.PSObject.Properties.Name | Should -Not -Contain 'SequenceNumber'
                } else {
                    $record.SequenceNumber | Should -Not -BeNullOrEmpty
                    $record.ShardId | Should -Be 'shardId-000000000000'
                }
            }
            $succeeded = 0..19 | Where-Object { $failed -notcontains $_ }
            $expected = foreach ($i in $succeeded) { 'record-{0:d2}' -f $i }
            # Sequence numbers grow in request order, so the kept entries stayed in order.
            $sequence = foreach ($i in $succeeded) { [decimal] $reply.Records[$i].SequenceNumber }
            $sequence | Should -Be ($sequence | Sort-Object)

            # Straight to moto: exactly the successful entries landed, in order.
            $iterator = (Invoke-AwsCli -Service $script:Moto -Arguments @(
                    'kinesis', 'get-shard-iterator', '--stream-name', 'partial',
                    '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON')).ShardIterator
            $stored = (Invoke-AwsCli -Service $script:Moto -Arguments @(
                    'kinesis', 'get-records', '--shard-iterator', $iterator)).Records
            $data = foreach ($record in $stored) { [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($record.Data)) }
            $data | Should -Be $expected

            # Used up: the next call goes through whole.
            (Send-Records).FailedRecordCount | Should -Be 0
            (Get-AwsProxyCall -Proxy $script:Proxy -Operation 'PutRecords').status | Should -Be @(200, 200)
        }

        It 'chooses the same entries for the same seed' {
            $rule = @{ operation = 'PutRecords'; times = 1; fail_put_records = @{ share = 0.5; seed = 7 } }
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @($rule)
            $first = @(Get-FailedIndex (Send-Records))
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @($rule)
            $second = @(Get-FailedIndex (Send-Records))

            $first | Should -Not -BeNullOrEmpty
            $second | Should -Be $first
        }

        It 'fails exactly the listed indices, or all entries without forwarding' {
            Set-AwsProxyRule -Proxy $script:Proxy -Rule @(
                @{ operation = 'PutRecords'; times = 1; fail_put_records = @{ indices = @(0, 19) } }
                @{ operation = 'PutRecords'; times = 1; fail_put_records = @{ share = 1.0 } }
            )

            $some = Send-Records
            @(Get-FailedIndex $some) | Should -Be @(0, 19)
            $some.FailedRecordCount | Should -Be 2

            $all = Send-Records
            $all.FailedRecordCount | Should -Be 20
            @(Get-FailedIndex $all).Count | Should -Be 20
        }
    }
}
