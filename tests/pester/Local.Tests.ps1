#Requires -Version 7.0
# ConvertTo-AlonzoKinesisEvent and Invoke-AlonzoFunction -Local: handlers run by the machine's Python
# and Node.js on records written to and read back from kinesalite, the deployed function's settings
# from moto (behind the recording proxy, which also plays a Code.Location that serves the zip), and
# the local stream mapping on kinesalite. Loopback only; every service is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Kinesalite = Start-Kinesalite
    $script:Emulator = Start-AlonzoEmulator -LambdaWithoutDocker
    $global:PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy
    $script:K = @{ EndpointUrl = $script:Kinesalite.Url }

    function script:New-Handler([string] $Name, [hashtable] $Files) {
        $folder = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        foreach ($file in $Files.Keys) { Set-Content -Path (Join-Path $folder $file) -Value $Files[$file] -NoNewline }
        $folder
    }

    # Decodes its records and returns them with its process id; raises for 'poison'; lists 'partial'
    # records as batch item failures the first time it sees them; writes its pid to 'pidfile' if asked.
    $script:Python = New-Handler 'py' @{ 'lambda_function.py' = @'
import base64, json, os, time

seen = set()
print('loading the module')

def handler(event, context):
    if 'sleep' in event:
        time.sleep(event['sleep'])
    if 'env' in event:
        return {k: os.environ.get(k) for k in event['env']}
    records = event.get('Records', [])
    texts = [base64.b64decode(r['kinesis']['data']).decode() for r in records]
    if any(t.startswith('poison') for t in texts):
        raise ValueError('poison among ' + ','.join(texts))
    if 'pidfile' in texts[0] if texts else False:
        with open(texts[0].split('=', 1)[1], 'w') as f:
            f.write(str(os.getpid()))
        time.sleep(60)
    failures = [r['kinesis']['sequenceNumber'] for r, t in zip(records, texts) if t.startswith('partial') and t not in seen]
    seen.update(texts)
    print('processed', len(texts))
    return {'texts': texts, 'pid': os.getpid(), 'remaining': context.get_remaining_time_in_millis(),
            'arn': context.invoked_function_arn, 'memory': context.memory_limit_in_mb,
            'keys': [r['kinesis']['partitionKey'] for r in records],
            'batchItemFailures': [{'itemIdentifier': s} for s in failures]}

def explode(event, context):
    raise KeyError('kinesis')

def unserialisable(event, context):
    return {1, 2}
'@ }

    $script:Node = New-Handler 'node' @{ 'index.mjs' = @'
export const handler = async (event, context) => {
  const texts = (event.Records || []).map((r) => Buffer.from(r.kinesis.data, 'base64').toString());
  console.log('processed', texts.length);
  return { texts, pid: process.pid, remaining: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn };
};
export const explode = async () => { throw new TypeError('no kinesis here'); };
export const unserialisable = async () => { const a = {}; a.self = a; return a; };
export const spin = async () => { for (;;) {} };
'@ }

    function script:Texts($Invocation) { @($Invocation.Payload.texts) }

    # Enumerating a PSDataCollection that is still open blocks until it closes; indexing does not.
    function script:Get-Collected($Collection) { for ($i = 0; $i -lt $Collection.Count; $i++) { $Collection[$i] } }

    function script:Test-ProcessGone([int] $Id) {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while ([DateTime]::UtcNow -lt $deadline) {
            if (-not (Get-Process -Id $Id -ErrorAction SilentlyContinue)) { return $true }
            Start-Sleep -Milliseconds 100
        }
        $false
    }
}

AfterAll {
    Stop-TestService -Service $script:Kinesalite
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'ConvertTo-AlonzoKinesisEvent' {
    BeforeAll {
        New-AlonzoStream -Name 'events' -ShardCount 2 @K | Out-Null
        $script:Written = 1..150 | ForEach-Object { [pscustomobject]@{ n = $_; device = "d$($_ % 7)" } }
        $script:Written | Write-AlonzoRecord -StreamName 'events' -PartitionKeyProperty device @K | Out-Null
        $script:Read = @(Read-AlonzoRecord -StreamName 'events' @K)
        $script:Stream = Get-AlonzoStream -Name 'events' @K
    }

    It 'makes Lambda''s Kinesis events of records read back from kinesalite: one shard per event, in order, every field with AWS''s types' {
        $script:Read.Count | Should -Be 150
        $events = @($script:Read | ConvertTo-AlonzoKinesisEvent -BatchSize 40 -EventSourceArn $script:Stream.StreamArn -InvokeIdentityArn 'arn:aws:iam::000000000000:role/events-fn' -Region us-east-1)
        $events[0].PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoKinesisEvent'
        ($events | Measure-Object Count -Sum).Sum | Should -Be 150
        foreach ($shard in ($script:Read.ShardId | Select-Object -Unique)) {
            $mine = @($events | Where-Object ShardId -EQ $shard)
            $expected = @($script:Read | Where-Object ShardId -EQ $shard)
            if ($mine.Count -gt 1) { $mine[0..($mine.Count - 2)] | ForEach-Object { $_.Count | Should -Be 40 } }
            $records = @($mine | ForEach-Object { $_.Records })
            $records.kinesis.sequenceNumber | Should -Be $expected.SequenceNumber
            ($records | ForEach-Object { $_.eventID.Split(':')[0] } | Select-Object -Unique) | Should -Be $shard
        }

        # The JSON text, parsed by Python, has AWS's fields and types.
        $file = Join-Path $TestDrive 'event.json'
        [IO.File]::WriteAllText($file, $events[0].ToJson())
        $checked = python3 -c @'
import base64, json, sys
e = json.load(open(sys.argv[1]))
r = e['Records'][0]
assert list(e) == ['Records'], list(e)
assert list(r) == ['kinesis', 'eventSource', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'awsRegion', 'eventSourceARN'], list(r)
assert list(r['kinesis']) == ['kinesisSchemaVersion', 'partitionKey', 'sequenceNumber', 'data', 'approximateArrivalTimestamp'], list(r['kinesis'])
assert isinstance(r['kinesis']['sequenceNumber'], str) and isinstance(r['kinesis']['approximateArrivalTimestamp'], float)
print(json.dumps([r['eventSource'], r['eventVersion'], r['eventName'], r['kinesis']['kinesisSchemaVersion'], r['awsRegion'], r['eventSourceARN'],
                  r['invokeIdentityArn'], r['kinesis']['partitionKey'], json.loads(base64.b64decode(r['kinesis']['data'])), r['kinesis']['approximateArrivalTimestamp']]))
'@ $file | ConvertFrom-Json
        $LASTEXITCODE | Should -Be 0
        $first = $script:Read | Where-Object ShardId -EQ $events[0].ShardId | Select-Object -First 1
        $checked[0..6] | Should -Be @('aws:kinesis', '1.0', 'aws:kinesis:record', '1.0', 'us-east-1', $script:Stream.StreamArn, 'arn:aws:iam::000000000000:role/events-fn')
        $checked[7] | Should -Be $first.PartitionKey
        $checked[8].n | Should -Be ($first.Text | ConvertFrom-Json).n
        $checked[9] | Should -Be ([Math]::Round(([DateTimeOffset]$first.ApproximateArrivalTimestamp).ToUnixTimeMilliseconds() / 1000, 3))
    }

    It 'makes records of strings and objects, with their partition keys, and writes JSON with -AsJson' {
        $json = @('one', 'two', 'three') | ConvertTo-AlonzoKinesisEvent -PartitionKey k -StreamName lambda-stream -Region eu-west-1 -AsJson
        @($json).Count | Should -Be 1
        $event = $json | ConvertFrom-Json
        $event.Records.kinesis.partitionKey | Should -Be @('k', 'k', 'k')
        $event.Records | ForEach-Object { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($_.kinesis.data)) } | Should -Be @('one', 'two', 'three')
        $event.Records[0].eventSourceARN | Should -Be 'arn:aws:kinesis:eu-west-1:123456789012:stream/lambda-stream'
        $event.Records[0].invokeIdentityArn | Should -Be 'arn:aws:iam::123456789012:role/lambda-role'
        [bigint[]]($event.Records.kinesis.sequenceNumber) | Should -Be ([bigint[]]($event.Records.kinesis.sequenceNumber) | Sort-Object)

        $byDevice = @($script:Written[0..9] | ConvertTo-AlonzoKinesisEvent -PartitionKeyProperty device)
        $byDevice[0].Records.kinesis.partitionKey | Should -Be $script:Written[0..9].device
    }

    It 'refuses a record Lambda could not deliver (EventTooLarge) and converts the others' {
        $big = 'x' * (5 * 1024 * 1024)
        $events = @('small', $big, 'also small' | ConvertTo-AlonzoKinesisEvent -PartitionKey k -ErrorVariable err -ErrorAction SilentlyContinue)
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EventTooLarge*'
        $events.Count | Should -Be 1
        $events[0].Count | Should -Be 2
    }
}

Describe 'Invoke-AlonzoFunction -Local' {
    BeforeAll {
        New-AlonzoStream -Name 'local' @K | Out-Null
        1..12 | ForEach-Object { "record $_" } | Write-AlonzoRecord -StreamName 'local' -PartitionKey 'p' @K | Out-Null
        $script:Events = @(Read-AlonzoRecord -StreamName 'local' @K | ConvertTo-AlonzoKinesisEvent -BatchSize 5)
    }

    It 'runs a <Runtime> handler on records read back from kinesalite, warm after the first event, with the result type of a remote call' -ForEach @(
        @{ Runtime = 'python3.11'; Folder = 'Python'; Handler = 'lambda_function.handler' }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Handler = 'index.handler' }
    ) {
        $results = @($script:Events | Invoke-AlonzoFunction -Local -Path (Get-Variable $Folder -ValueOnly -Scope Script) -Handler $Handler -Runtime $Runtime -WarningAction SilentlyContinue)
        $results.Count | Should -Be 3
        $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoInvocation' }
        $results | ForEach-Object { $_.Succeeded | Should -BeTrue -Because $_.Log }
        ($results | ForEach-Object { Texts $_ }) | Should -Be (1..12 | ForEach-Object { "record $_" })
        # One process for the whole command: the first invocation started it, the others reused it.
        @($results.Payload.pid | Select-Object -Unique).Count | Should -Be 1
        $results[0].Report.ColdStart | Should -BeTrue
        $results[1].Report.ColdStart | Should -BeFalse
        $results[0].Log | Should -Match '^INIT_START Runtime Version: (python|nodejs):'
        $results[1].LogTail | Should -Match "^START RequestId: $($results[1].RequestId) Version: \`$LATEST\n(.|\n)*processed.+5\n(.|\n)*END RequestId: $($results[1].RequestId)\nREPORT RequestId: $($results[1].RequestId)\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\tMemory Size: 128 MB\tMax Memory Used: [0-9]+ MB\t"
        $results[2].Payload.remaining | Should -BeGreaterThan 2000
        $results[2].Payload.remaining | Should -BeLessOrEqual 3000
        $results | ForEach-Object { $_.StatusCode | Should -Be 200; $_.ExecutedVersion | Should -Be '$LATEST'; $_.Local | Should -BeTrue }
    }

    It 'reports each failure as Lambda does for <Runtime>: <Case>' -ForEach @(
        @{ Runtime = 'python3.11'; Folder = 'Python'; Case = 'an exception'; Handler = 'lambda_function.explode'; Type = 'KeyError'; Message = "'kinesis'" }
        @{ Runtime = 'python3.11'; Folder = 'Python'; Case = 'a missing module'; Handler = 'nothere.handler'; Type = 'Runtime.ImportModuleError'; Message = "Unable to import module 'nothere': No module named 'nothere'" }
        @{ Runtime = 'python3.11'; Folder = 'Python'; Case = 'a missing function'; Handler = 'lambda_function.nothere'; Type = 'Runtime.HandlerNotFound'; Message = "Handler 'nothere' missing on module 'lambda_function'" }
        @{ Runtime = 'python3.11'; Folder = 'Python'; Case = 'a malformed handler'; Handler = 'lambda_function'; Type = 'Runtime.MalformedHandlerName'; Message = "Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)" }
        @{ Runtime = 'python3.11'; Folder = 'Python'; Case = 'an unserialisable result'; Handler = 'lambda_function.unserialisable'; Type = 'Runtime.MarshalError'; Message = 'Unable to marshal response: Object of type set is not JSON serializable' }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Case = 'an exception'; Handler = 'index.explode'; Type = 'TypeError'; Message = 'no kinesis here' }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Case = 'a missing module'; Handler = 'nothere.handler'; Type = 'Runtime.ImportModuleError'; Message = "Error: Cannot find module 'nothere'*" }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Case = 'a missing function'; Handler = 'index.nothere'; Type = 'Runtime.HandlerNotFound'; Message = 'index.nothere is undefined or not exported' }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Case = 'a malformed handler'; Handler = 'index'; Type = 'Runtime.MalformedHandlerName'; Message = 'Bad handler' }
        @{ Runtime = 'nodejs20.x'; Folder = 'Node'; Case = 'an unserialisable result'; Handler = 'index.unserialisable'; Type = 'Error'; Message = 'Unable to stringify response body' }
    ) {
        $r = Invoke-AlonzoFunction -Local -Path (Get-Variable $Folder -ValueOnly -Scope Script) -Handler $Handler -Runtime $Runtime -Payload '{}' -WarningVariable warn -WarningAction SilentlyContinue
        $r.FunctionError | Should -Be 'Unhandled'
        $r.Succeeded | Should -BeFalse
        $r.StatusCode | Should -Be 200
        $r.Payload.errorType | Should -Be $Type
        $r.Payload.errorMessage | Should -BeLike $Message
        $r.ErrorType | Should -Be $Type
        # The payload's fields are the runtime's own.
        $keys = @($r.Payload.PSObject.Properties.Name | Sort-Object)
        if ($Runtime -like 'python*') { $keys | Should -Be @('errorMessage', 'errorType', 'requestId', 'stackTrace') }
        else { $keys | Should -Be @('errorMessage', 'errorType', 'trace') }
        "$warn" | Should -BeLike "*raised an error (Unhandled: $Type)*"
        $r.LogTail | Should -Match "END RequestId: $($r.RequestId)\nREPORT RequestId: $($r.RequestId)\t"
    }

    It 'ends a handler that runs past its timeout, with its process, and reads as Lambda''s timeout' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-AlonzoFunction -Local -Path $script:Node -Handler index.spin -Runtime nodejs20.x -Timeout 1 -WarningAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $r.Payload.errorType | Should -Be 'Sandbox.Timedout'
        $r.Payload.errorMessage | Should -Be "RequestId: $($r.RequestId) Error: Task timed out after 1.00 seconds"
        $r.LogTail | Should -Match "Z $($r.RequestId) Task timed out after 1\.00 seconds\nEND RequestId"
        $r.Report.Status | Should -Be 'timeout'
        $r.Report.BilledDuration | Should -BeGreaterOrEqual 1000
    }

    It 'gives the handler the region, its variables, the session''s credentials and endpoint, and refuses reserved names' {
        $r = Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -Name env-check -Region eu-central-1 -MemorySize 512 `
            -Environment @{ TABLE = 'orders' } -EndpointUrl $script:Kinesalite.Url -WarningAction SilentlyContinue `
            -Payload @{ env = @('AWS_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'TABLE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL', 'HOME', 'AWS_EXECUTION_ENV') }
        $r.Payload.AWS_REGION | Should -Be 'eu-central-1'
        $r.Payload.AWS_LAMBDA_FUNCTION_NAME | Should -Be 'env-check'
        $r.Payload.AWS_LAMBDA_FUNCTION_MEMORY_SIZE | Should -Be '512'
        $r.Payload.TABLE | Should -Be 'orders'
        $r.Payload.AWS_ACCESS_KEY_ID | Should -Be 'testing'
        $r.Payload.AWS_SECRET_ACCESS_KEY | Should -Be 'testing'
        $r.Payload.AWS_ENDPOINT_URL | Should -Be $script:Kinesalite.Url
        $r.Payload.HOME | Should -BeNullOrEmpty
        $r.Payload.AWS_EXECUTION_ENV | Should -Be 'AWS_Lambda_python3.11'
        $r.Report.MemorySize | Should -Be 512

        Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -Environment @{ AWS_REGION = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEnvironment*'
    }

    It 'warns, naming both versions, when the machine''s interpreter is not the runtime''s' {
        $major = [int]((node --version).TrimStart('v').Split('.')[0])
        $other = if ($major -eq 18) { 'nodejs20.x' } else { 'nodejs18.x' }
        $r = Invoke-AlonzoFunction -Local -Path $script:Node -Handler index.handler -Runtime $other -WarningVariable warn -WarningAction SilentlyContinue
        $r.Succeeded | Should -BeTrue
        "$warn" | Should -BeLike "*runtime is $other (Node.js $($other -replace '\D', ''))*runs here with Node.js $major.*"
    }

    It 'refuses incomplete settings and runtimes it cannot run' {
        Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'MissingLocalSettings*'
        Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime java21 -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedLocalRuntime*'
        Invoke-AlonzoFunction -Local -Path (Join-Path $TestDrive 'nope') -Handler a.b -Runtime python3.11 -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
    }
}

Describe 'Invoke-AlonzoFunction -Local -Name (the deployed function''s settings, moto)' {
    BeforeAll {
        $script:P = @{ EndpointUrl = $script:Proxy.Url }
        $role = New-AlonzoRole -Name 'local_fn' -ManagedPolicyArn 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole' @P
        $script:Deployed = Publish-AlonzoFunction -Name 'deployed' -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -Role $role.Arn `
            -MemorySize 256 -Timeout 7 -Environment @{ STAGE = 'test' } @P
        # A copy of the deployed zip, served by moto's S3 the way Lambda serves it: Code.Location is a
        # presigned URL, fetched with a plain GET (a public-read object plays that here).
        $script:Zip = Join-Path $TestDrive 'deployed.zip'
        New-AlonzoPackage -Path $script:Python -OutFile $script:Zip | Out-Null
        Invoke-AwsCli -Service $script:Moto -Arguments @('s3api', 'create-bucket', '--bucket', 'code') | Out-Null
        Invoke-AwsCli -Service $script:Moto -Arguments @('s3api', 'put-object', '--bucket', 'code', '--key', 'deployed.zip', '--body', $script:Zip, '--acl', 'public-read') | Out-Null
    }
    AfterEach { Clear-AwsProxyRule -Proxy $script:Proxy }

    It 'takes handler, runtime, memory, timeout, environment and ARN from GetFunction, with the code from -Path' {
        $r = Invoke-AlonzoFunction -Local -Name deployed -Path $script:Python -Payload @{ env = @('STAGE', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_NAME') } @P -WarningAction SilentlyContinue
        $r.Succeeded | Should -BeTrue -Because $r.Log
        $r.Payload.STAGE | Should -Be 'test'
        $r.Payload.AWS_LAMBDA_FUNCTION_MEMORY_SIZE | Should -Be '256'
        $r.Payload.AWS_LAMBDA_FUNCTION_NAME | Should -Be 'deployed'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation GetFunction).Count | Should -BeGreaterThan 0

        $timed = Invoke-AlonzoFunction -Local -Name deployed -Path $script:Python -Payload '{"Records": []}' @P -WarningAction SilentlyContinue
        $timed.Payload.arn | Should -Be $script:Deployed.FunctionArn
        $timed.Payload.remaining | Should -BeGreaterThan 6000
        $timed.Payload.remaining | Should -BeLessOrEqual 7000
    }

    It 'downloads the deployed code from Code.Location when there is no -Path' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetFunction'; patch_json = @{ 'Code.Location' = "$($script:Moto.Url)/code/deployed.zip" } }
        $r = Invoke-AlonzoFunction -Local -Name deployed -Payload '{"Records": []}' @P -WarningAction SilentlyContinue
        $r.Succeeded | Should -BeTrue -Because $r.Log
        $r.Log | Should -Match 'loading the module'
    }

    It 'asks for -Path when the deployed code cannot be downloaded (CodeNotAvailable)' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetFunction'; patch_json = @{ 'Code.Location' = "$($script:Moto.Url)/code/missing.zip" } }
        Invoke-AlonzoFunction -Local -Name deployed -Payload '{}' @P -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CodeNotAvailable*'
        "$($err[0])" | Should -Not -Match 'X-Amz|Signature|missing\.zip'
        Invoke-AlonzoFunction -Local -Name absent -Payload '{}' @P -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'FunctionNotFound*'
    }

    It 'uses the deployed mapping''s settings for a stream run' {
        New-AlonzoStream -Name 'mapped' @P | Out-Null
        Get-AlonzoFunction deployed @P | Add-AlonzoEventMapping -StreamName mapped -BatchSize 2 -StartingPosition TRIM_HORIZON @P | Out-Null
        1..5 | ForEach-Object { "m$_" } | Write-AlonzoRecord -StreamName mapped -PartitionKey p -MaxInFlight 1 @P | Out-Null
        $runs = @(Invoke-AlonzoFunction -Local -Name deployed -Path $script:Python -StreamName mapped @P -WarningAction SilentlyContinue)
        $runs.Batch.RecordCount | Should -Be @(2, 2, 1)
        ($runs | ForEach-Object { Texts $_ }) | Should -Be @('m1', 'm2', 'm3', 'm4', 'm5')
        $runs[0].Payload.memory | Should -Be '256'
    }
}

Describe 'Invoke-AlonzoFunction -Local -StreamName (a mapping on kinesalite)' {
    It 'feeds every shard its own batches, in the order of the shard' {
        New-AlonzoStream -Name 'fanout' -ShardCount 3 @K | Out-Null
        1..240 | ForEach-Object { [pscustomobject]@{ n = $_; k = "key$($_ % 11)" } } | Write-AlonzoRecord -StreamName 'fanout' -PartitionKeyProperty k @K | Out-Null
        $read = @(Read-AlonzoRecord -StreamName 'fanout' @K)
        $runs = @(Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -StreamName fanout -BatchSize 25 @K -WarningAction SilentlyContinue)
        $runs | ForEach-Object { $_.Batch.Outcome | Should -Be 'Succeeded' }
        ($runs.Batch.RecordCount | Measure-Object -Sum).Sum | Should -Be 240
        foreach ($shard in ($read.ShardId | Select-Object -Unique)) {
            $mine = @($runs | Where-Object { $_.Batch.ShardId -eq $shard })
            $mine | ForEach-Object { $_.Batch.RecordCount | Should -BeLessOrEqual 25 }
            ($mine | ForEach-Object { Texts $_ }) | Should -Be @($read | Where-Object ShardId -EQ $shard | ForEach-Object Text)
            $mine[0].Batch.FirstSequenceNumber | Should -Be ($read | Where-Object ShardId -EQ $shard | Select-Object -First 1).SequenceNumber
        }
        # Three shards were processed side by side, each in its own environment.
        @($runs.Payload.pid | Select-Object -Unique).Count | Should -Be 3
        ($runs | Format-Table | Out-String -Width 80) | Should -Match 'Succeeded'
    }

    It 'retries a failing batch, bisects it, and discards the poison record after the retries' {
        New-AlonzoStream -Name 'poison' @K | Out-Null
        'a1', 'a2', 'a3', 'poison', 'a5', 'a6' | Write-AlonzoRecord -StreamName 'poison' -PartitionKey p @K | Out-Null
        $runs = @(Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -StreamName poison -BatchSize 6 `
                -BisectBatchOnFunctionError -MaximumRetryAttempts 1 @K -WarningVariable warn -WarningAction SilentlyContinue)
        $runs | ForEach-Object { '{0} {1} {2}' -f $_.Batch.RecordCount, $_.Batch.Outcome, $_.Batch.Attempt } |
            Should -Be @('6 Bisected 1', '3 Succeeded 1', '3 Bisected 1', '1 Retrying 1', '1 Discarded 2', '2 Succeeded 1')
        $runs[0].ErrorType | Should -Be 'ValueError'
        ($runs | Where-Object Succeeded | ForEach-Object { Texts $_ }) | Should -Be @('a1', 'a2', 'a3', 'a5', 'a6')
        "$warn" | Should -BeLike '*Discarded 1 record(s)*MaximumRetryAttempts 1*'
    }

    It 'resumes from the lowest sequence number a reply lists as a batch item failure' {
        New-AlonzoStream -Name 'partial' @K | Out-Null
        'b1', 'partial2', 'b3', 'partial4', 'b5' | Write-AlonzoRecord -StreamName 'partial' -PartitionKey p @K | Out-Null
        $read = @(Read-AlonzoRecord -StreamName 'partial' @K)
        $runs = @(Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -StreamName partial -ReportBatchItemFailures @K -WarningAction SilentlyContinue)
        $runs.Count | Should -Be 2
        $runs[0].Batch.Outcome | Should -Be 'PartiallySucceeded'
        $runs[0].Batch.BatchItemFailures | Should -Be @($read[1].SequenceNumber, $read[3].SequenceNumber)
        $runs[0].Batch.RetryFromSequenceNumber | Should -Be $read[1].SequenceNumber
        $runs[1].Batch.FirstSequenceNumber | Should -Be $read[1].SequenceNumber
        Texts $runs[1] | Should -Be @('partial2', 'b3', 'partial4', 'b5')
        $runs[1].Batch.Outcome | Should -Be 'Succeeded'
        $runs[1].Batch.Attempt | Should -Be 2
    }

    It 'starts where the mapping would: -StartingPositionTimestamp reads from the first record that arrived at or after it' {
        New-AlonzoStream -Name 'attime' @K | Out-Null
        'early 1', 'early 2' | Write-AlonzoRecord -StreamName 'attime' -PartitionKey p @K | Out-Null
        Start-Sleep -Milliseconds 1200
        'late 1', 'late 2' | Write-AlonzoRecord -StreamName 'attime' -PartitionKey p @K | Out-Null
        $since = (Read-AlonzoRecord -StreamName 'attime' @K | Where-Object Text -EQ 'late 1').ApproximateArrivalTimestamp
        $runs = @(Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -StreamName attime -StartingPositionTimestamp $since @K -WarningAction SilentlyContinue)
        ($runs | ForEach-Object { Texts $_ }) | Should -Be @('late 1', 'late 2')
        $all = @(Invoke-AlonzoFunction -Local -Path $script:Python -Handler lambda_function.handler -Runtime python3.11 -StreamName attime -StartingPosition TRIM_HORIZON @K -WarningAction SilentlyContinue)
        ($all | ForEach-Object { Texts $_ }) | Should -Be @('early 1', 'early 2', 'late 1', 'late 2')
    }

    It 'follows new records from LATEST and stops at once on Ctrl+C, ending the running handler' {
        New-AlonzoStream -Name 'follow' @K | Out-Null
        'old' | Write-AlonzoRecord -StreamName 'follow' -PartitionKey p @K | Out-Null
        $pidFile = Join-Path $TestDrive 'handler.pid'
        $ps = [powershell]::Create()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint, $Folder)
                Import-Module $ModulePath
                Invoke-AlonzoFunction -Local -Path $Folder -Handler lambda_function.handler -Runtime python3.11 -Timeout 120 -StreamName follow -StartingPosition LATEST -Follow -EndpointUrl $Endpoint -WarningAction SilentlyContinue
            }).AddArgument($script:ModulePath).AddArgument($script:Kinesalite.Url).AddArgument($script:Python)
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            Start-Sleep -Seconds 3   # the pollers have their LATEST iterators
            'new 1', 'new 2' | Write-AlonzoRecord -StreamName 'follow' -PartitionKey p @K | Out-Null
            # One batch, or two when a poll came between the two records being stored.
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (@(Get-Collected $output | ForEach-Object { Texts $_ }).Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $first = @(Get-Collected $output)
            $first.Count | Should -BeGreaterThan 0 -Because "new records arrive: $(Get-Collected $ps.Streams.Error)"
            ($first | ForEach-Object { Texts $_ }) | Should -Be @('new 1', 'new 2')

            # A handler that will not return: Ctrl+C must not wait for it.
            "pidfile=$pidFile" | Write-AlonzoRecord -StreamName 'follow' -PartitionKey p @K | Out-Null
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Test-Path $pidFile) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 300
            $handlerPid = [int](Get-Content $pidFile)
            Get-Process -Id $handlerPid -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty

            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Test-ProcessGone $handlerPid | Should -BeTrue -Because 'stopping ends the handler''s process'
        } finally {
            if ($ps.InvocationStateInfo.State -eq 'Running') { $ps.Stop() }
            $ps.Dispose()
        }
    }
}
