#Requires -Version 7.0
# Stops stop. Each wait that can take long is started in a PowerShell of its own and stopped while it
# waits, the way Ctrl+C stops a command (PowerShell.Stop calls the running cmdlet's StopProcessing).
# The proxy keeps the wait going (it answers "still in progress" for as long as the test wants), and
# the command's own timeout is an hour, so a command that ignored the stop would run for an hour:
# - the stop returns within a generous bound (Stop-TestPipeline), and the command ended Stopped;
# - the order of things: the command was still waiting when the stop was asked for, and it made at most
#   one more call of the waiting kind after that (one may already have been on its way);
# - the next run, with the proxy out of the way, converges: nothing duplicated, nothing left half done.
# Loopback only; every service started here is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest
    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    $script:Handler = New-TestHandler (Join-Path $TestDrive 'handler')
    New-AlonzoRole -Name 'stop-role' | Out-Null
    # The same deploy settings, splatted here and written out for the command line of a stopped run.
    $script:PublishArgs = @{ Path = $script:Handler; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12'; Role = 'stop-role' }
    $script:Publish = ($script:PublishArgs.GetEnumerator() | ForEach-Object { "-$($_.Key) '$($_.Value)'" }) -join ' '

    # Starts the command line, waits until the proxy has seen -Waiting called at least -Times times (so the
    # command is in its wait), stops it and reports what happened.
    function Invoke-StoppedWhileWaiting {
        param([string] $Command, [string] $Waiting, [int] $Times = 2)
        Clear-AwsProxyCall -Proxy $script:Proxy
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; `$PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = '$($script:Proxy.Url)'; $Command")
        $running = $ps.BeginInvoke()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while (@(Get-AwsProxyCall -Proxy $script:Proxy -Operation $Waiting).Count -lt $Times -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $waitingBeforeStop = -not $running.IsCompleted
            $callsBeforeStop = @(Get-AwsProxyCall -Proxy $script:Proxy -Operation $Waiting).Count
            $stopped = Stop-TestPipeline -PowerShell $ps
            [pscustomobject]@{
                WaitingBeforeStop = $waitingBeforeStop
                CallsBeforeStop   = $callsBeforeStop
                Stopped           = $stopped
                State             = $ps.InvocationStateInfo.State
                CallsAfterStop    = @(Get-AwsProxyCall -Proxy $script:Proxy -Operation $Waiting).Count - $callsBeforeStop
                Errors            = @($ps.Streams.Error | ForEach-Object { "$_" })
            }
        } finally {
            $ps.Dispose()
            Clear-AwsProxyRule -Proxy $script:Proxy
        }
    }

    function Assert-StoppedPromptly($Run) {
        $Run.WaitingBeforeStop | Should -BeTrue -Because "the command must still be waiting when stopped (errors: $($Run.Errors -join '; '))"
        $Run.CallsBeforeStop | Should -BeGreaterOrEqual 2
        $Run.Stopped | Should -BeTrue -Because 'the stop must end the wait, not the hour-long timeout'
        $Run.State | Should -Be 'Stopped'
        $Run.CallsAfterStop | Should -BeLessOrEqual 1 -Because 'nothing more is asked once stopped'
    }

    function Get-CliMappings([string] $Function) {
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-event-source-mappings', '--function-name', $Function)).EventSourceMappings)
    }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'Stopping during a wait ends the command, and the next run converges' {
    It 'stream create (New-AlonzoStream waiting for ACTIVE)' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'DescribeStreamSummary'; patch_json = @{ 'StreamDescriptionSummary.StreamStatus' = 'CREATING' } }
        $run = Invoke-StoppedWhileWaiting "New-AlonzoStream -Name stop-create -TimeoutSec 3600" -Waiting DescribeStreamSummary -Times 3
        Assert-StoppedPromptly $run

        $stream = New-AlonzoStream -Name 'stop-create'
        $stream.Action | Should -Be 'Unchanged'
        $stream.Status | Should -Be 'ACTIVE'
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'list-streams')).StreamNames | Where-Object { $_ -eq 'stop-create' }).Count | Should -Be 1
    }

    It 'stream delete (Remove-AlonzoStream -Wait waiting for it to be gone)' {
        New-AlonzoStream -Name 'stop-delete' | Out-Null
        $deleting = @{ StreamDescriptionSummary = @{
                StreamName = 'stop-delete'; StreamARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/stop-delete'; StreamStatus = 'DELETING'
                RetentionPeriodHours = 24; StreamCreationTimestamp = 1767225600; EnhancedMonitoring = @(); EncryptionType = 'NONE'
                OpenShardCount = 1; ConsumerCount = 0; StreamModeDetails = @{ StreamMode = 'PROVISIONED' } } }
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'DescribeStreamSummary'; respond = @{ status = 200; headers = @{ 'Content-Type' = 'application/x-amz-json-1.1' }; body = $deleting } }
        $run = Invoke-StoppedWhileWaiting "Remove-AlonzoStream -Name stop-delete -Force -Wait -TimeoutSec 3600" -Waiting DescribeStreamSummary
        Assert-StoppedPromptly $run

        Remove-AlonzoStream -Name 'stop-delete' -Force -Wait -ErrorVariable failure
        $failure | Should -BeNullOrEmpty
        (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'list-streams')).StreamNames | Should -Not -Contain 'stop-delete'
    }

    It 'mapping create (Add-AlonzoEventMapping waiting while it is Creating)' {
        New-AlonzoStream -Name 'stop-mapping' | Out-Null
        Publish-AlonzoFunction -Name 'stop-mapping' @script:PublishArgs -ErrorAction Stop | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetEventSourceMapping'; patch_json = @{ State = 'Creating' } }
        $run = Invoke-StoppedWhileWaiting "Add-AlonzoEventMapping -FunctionName stop-mapping -StreamName stop-mapping -TimeoutSec 3600" -Waiting GetEventSourceMapping
        Assert-StoppedPromptly $run

        $mapping = Add-AlonzoEventMapping -FunctionName 'stop-mapping' -StreamName 'stop-mapping'
        $mapping.Action | Should -Be 'Unchanged'
        $mapping.State | Should -Be 'Enabled'
        $cli = Get-CliMappings 'stop-mapping'
        $cli.Count | Should -Be 1
        $cli[0].UUID | Should -Be $mapping.UUID
    }

    It 'mapping delete (Remove-AlonzoEventMapping -Wait waiting for it to be gone)' {
        $uuid = (Get-CliMappings 'stop-mapping')[0].UUID
        $deleting = @{ UUID = $uuid; State = 'Deleting'; BatchSize = 100; StartingPosition = 'LATEST'
            FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:stop-mapping'; EventSourceArn = 'arn:aws:kinesis:us-east-1:123456789012:stream/stop-mapping' }
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetEventSourceMapping'; respond = @{ status = 200; body = $deleting } }
        $run = Invoke-StoppedWhileWaiting "Remove-AlonzoEventMapping -UUID $uuid -Force -Wait -TimeoutSec 3600" -Waiting GetEventSourceMapping
        Assert-StoppedPromptly $run

        Remove-AlonzoEventMapping -UUID $uuid -Force -Wait -ErrorVariable failure
        $failure | Should -BeNullOrEmpty
        Get-CliMappings 'stop-mapping' | Should -BeNullOrEmpty
    }

    It 'function update (Publish-AlonzoFunction waiting while the update is InProgress)' {
        Publish-AlonzoFunction -Name 'stop-update' @script:PublishArgs | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetFunctionConfiguration'; patch_json = @{ LastUpdateStatus = 'InProgress' } }
        $run = Invoke-StoppedWhileWaiting "Publish-AlonzoFunction -Name stop-update $($script:Publish) -MemorySize 256 -TimeoutSec 3600" -Waiting GetFunctionConfiguration
        Assert-StoppedPromptly $run

        $fn = Publish-AlonzoFunction -Name 'stop-update' @script:PublishArgs -MemorySize 256
        $fn.Action | Should -BeIn @('Unchanged', 'Updated')
        $fn.LastUpdateStatus | Should -Be 'Successful'
        (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'get-function-configuration', '--function-name', 'stop-update')).MemorySize | Should -Be 256
    }

    It 'role propagation retry (Publish-AlonzoFunction retrying while the new role cannot be assumed)' {
        $message = 'The role defined for the function cannot be assumed by Lambda.'
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'CreateFunction'; respond = @{ status = 400; headers = @{ 'X-Amzn-ErrorType' = 'InvalidParameterValueException' }; body = @{ Type = 'User'; message = $message } } }
        $run = Invoke-StoppedWhileWaiting "Publish-AlonzoFunction -Name stop-role-retry $($script:Publish) -TimeoutSec 3600" -Waiting CreateFunction
        Assert-StoppedPromptly $run

        $fn = Publish-AlonzoFunction -Name 'stop-role-retry' @script:PublishArgs
        $fn.Action | Should -Be 'Created'
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-functions')).Functions.FunctionName | Where-Object { $_ -eq 'stop-role-retry' }).Count | Should -Be 1
    }

    It 'record write (Write-AlonzoRecord retrying throttled records)' {
        New-AlonzoStream -Name 'stop-records' | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'PutRecords'; fail_put_records = @{ share = 1.0 } }
        $run = Invoke-StoppedWhileWaiting "1..20 | ForEach-Object { 'record ' + `$_ } | Write-AlonzoRecord -StreamName stop-records -MaxAttempts 100 -MaxInFlight 1" -Waiting PutRecords
        Assert-StoppedPromptly $run

        $records = 1..20 | ForEach-Object { "record $_" }
        ($records | Write-AlonzoRecord -StreamName 'stop-records' -MaxInFlight 1).Records | Should -Be 20
        # Every record once: none of the stopped run's throttled entries reached the stream, none is missing.
        Read-AlonzoRecord -StreamName 'stop-records' -From TrimHorizon -AsString | Should -Be $records
    }
}
