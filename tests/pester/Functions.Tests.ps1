#Requires -Version 7.0
# Publish/Get/Invoke/Remove-AlonzoFunction against moto_server behind a recording, fault-injecting
# proxy, cross-checked with the aws CLI. Loopback only; services stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator -LambdaWithoutDocker
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    $script:Handler = Join-Path $TestDrive 'handler'
    New-Item -ItemType Directory -Path $script:Handler | Out-Null
    Set-Content -Path (Join-Path $script:Handler 'lambda_function.py') -Value @'
import base64
import json

def lambda_handler(event, context):
    for record in event.get('Records', []):
        print(base64.b64decode(record['kinesis']['data']))
    return {'processed': len(event.get('Records', []))}
'@
    $script:Role = New-AlonzoRole -Name 'alonzo_lambda' -ManagedPolicyArn 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole'

    function Get-FunctionConfiguration([string] $Name) {
        Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'get-function-configuration', '--function-name', $Name)
    }
    function Get-Calls { Get-AwsProxyCall -Proxy $script:Proxy }
    function Get-MutatingCalls { @(Get-Calls | Where-Object mutating) }
    function Test-FunctionExists([string] $Name) {
        $names = (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-functions')).Functions.FunctionName
        $names -contains $Name
    }
    function Publish-Default([string] $Name, [hashtable] $Extra = @{}) {
        Publish-AlonzoFunction -Name $Name -Path $script:Handler -Handler 'lambda_function.lambda_handler' -Runtime 'python3.12' -Role 'alonzo_lambda' @Extra
    }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'Publish-AlonzoFunction' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'deploys from a folder in one pipeline line with the role from New-AlonzoRole' {
        $fn = New-AlonzoRole alonzo_lambda -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole |
            Publish-AlonzoFunction -Name alonzo -Path $script:Handler -Handler lambda_function.lambda_handler -Runtime python3.12
        $fn.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoFunction'
        $fn.Action | Should -Be 'Created'
        $fn.State | Should -Be 'Active'
        $fn.Role | Should -Be $script:Role.Arn
        $fn.FunctionArn | Should -Be 'arn:aws:lambda:us-east-1:123456789012:function:alonzo'

        $cli = Get-FunctionConfiguration 'alonzo'
        $cli.Handler | Should -Be 'lambda_function.lambda_handler'
        $cli.Runtime | Should -Be 'python3.12'
        $cli.Role | Should -Be $script:Role.Arn
        $cli.CodeSha256 | Should -Be $fn.CodeSha256
        # The code Lambda holds is the deterministic package of the folder.
        (New-AlonzoPackage -Path $script:Handler).CodeSha256 | Should -Be $cli.CodeSha256
    }

    It 'does nothing at all on a second run with nothing changed: Unchanged, no write, at most 3 reads' {
        Publish-Default 'steady' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $again = Publish-Default 'steady'
        $again.Action | Should -Be 'Unchanged'
        $again.Changes | Should -BeNullOrEmpty
        Get-MutatingCalls | Should -BeNullOrEmpty
        @(Get-Calls).Count | Should -BeLessOrEqual 3
    }

    It 'uploads only the code when only the code changed' {
        $folder = Join-Path $TestDrive 'changing'
        Copy-Item $script:Handler $folder -Recurse
        $first = Publish-AlonzoFunction -Name 'changing' -Path $folder -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda
        Add-Content -Path (Join-Path $folder 'lambda_function.py') -Value '# v2'
        Clear-AwsProxyCall -Proxy $script:Proxy
        $second = Publish-AlonzoFunction -Name 'changing' -Path $folder -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda
        $second.Action | Should -Be 'Updated'
        $second.CodeSha256 | Should -Not -Be $first.CodeSha256
        $second.Changes[0] | Should -BeLike "Code $($first.CodeSha256) -> $($second.CodeSha256)*"
        (Get-MutatingCalls).operation | Should -Be @('UpdateFunctionCode')
        (Get-FunctionConfiguration 'changing').CodeSha256 | Should -Be $second.CodeSha256
    }

    It 'updates only the settings that differ' {
        Publish-Default 'settings' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $fn = Publish-Default 'settings' @{ MemorySize = 256; Timeout = 30; Description = 'stream consumer' }
        $fn.Action | Should -Be 'Updated'
        $fn.Changes | Should -Contain 'MemorySize 128 -> 256'
        $fn.Changes | Should -Contain 'Timeout 3 -> 30'
        (Get-MutatingCalls).operation | Should -Be @('UpdateFunctionConfiguration')
        $cli = Get-FunctionConfiguration 'settings'
        $cli.MemorySize | Should -Be 256
        $cli.Timeout | Should -Be 30
        $cli.Description | Should -Be 'stream consumer'
        (Publish-Default 'settings' @{ MemorySize = 256; Timeout = 30; Description = 'stream consumer' }).Action | Should -Be 'Unchanged'
    }

    It 'sets environment variables without ever showing their values' {
        $secret = 'hunter2-' + [guid]::NewGuid()
        $out = Publish-Default 'envfn' @{ Environment = @{ TABLE = 'events'; API_TOKEN = $secret }; Verbose = $true } 4>&1
        $fn = $out | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoFunction' }
        $fn.EnvironmentVariableNames | Should -Be @('API_TOKEN', 'TABLE')
        ($out | Out-String) | Should -Not -BeLike "*$secret*"
        ($fn | Format-List * | Out-String) | Should -Not -BeLike "*$secret*"
        (Get-FunctionConfiguration 'envfn').Environment.Variables.API_TOKEN | Should -Be $secret

        $changed = Publish-Default 'envfn' @{ Environment = @{ TABLE = 'events'; API_TOKEN = 'rotated' } }
        $changed.Changes | Should -Contain 'Environment variables changed: API_TOKEN'
        ($changed | Out-String) | Should -Not -BeLike '*rotated*'
    }

    It 'deploys from a zip file and from a package piped in' {
        $package = New-AlonzoPackage -Path $script:Handler -OutFile (Join-Path $TestDrive 'fn.zip')
        $fromZip = Publish-AlonzoFunction -Name 'fromzip' -ZipFile $package.Path -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda
        $fromZip.CodeSha256 | Should -Be $package.CodeSha256
        $piped = $package | Publish-AlonzoFunction -Name 'frompackage' -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda
        $piped.Action | Should -Be 'Created'
        $piped.CodeSha256 | Should -Be $package.CodeSha256
    }

    It 'publishes versions with -Publish only when something changed' {
        $v1 = Publish-Default 'versioned' @{ Publish = $true }
        $v1.Version | Should -Be '1'
        $same = Publish-Default 'versioned' @{ Publish = $true }
        $same.Action | Should -Be 'Unchanged'
        $v2 = Publish-Default 'versioned' @{ Publish = $true; MemorySize = 512 }
        $v2.Version | Should -Be '2'
        $v2.Changes | Should -Contain 'Published version 2'
    }

    It 'shows the plan and changes nothing with -WhatIf' {
        Publish-Default 'planned' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint, $Folder)
                Import-Module $ModulePath
                Publish-AlonzoFunction -Name planned -Path $Folder -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -MemorySize 1024 -EndpointUrl $Endpoint -WhatIf
                Publish-AlonzoFunction -Name never-created -Path $Folder -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -EndpointUrl $Endpoint -WhatIf
            }).AddArgument($script:ModulePath).AddArgument($script:Proxy.Url).AddArgument($script:Handler)
        $ps.Invoke() | Should -BeNullOrEmpty
        $ps.Streams.Error | Should -BeNullOrEmpty
        $ps.Dispose()
        Get-MutatingCalls | Should -BeNullOrEmpty
        (Get-FunctionConfiguration 'planned').MemorySize | Should -Be 128
        Test-FunctionExists 'never-created' | Should -BeFalse
    }

    It 'retries while a new role is not yet assumable, with a line per try' {
        $message = 'The role defined for the function cannot be assumed by Lambda.'
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'CreateFunction'; times = 2
            respond   = @{ status = 400; headers = @{ 'X-Amzn-ErrorType' = 'InvalidParameterValueException' }; body = @{ Type = 'User'; message = $message } }
        }
        $out = Publish-Default 'propagating' @{ Verbose = $true } 4>&1
        $fn = $out | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoFunction' }
        $fn.Action | Should -Be 'Created'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation CreateFunction).Count | Should -Be 3
        $tries = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "*cannot assume role*retrying*" })
        $tries.Count | Should -Be 2
        Test-FunctionExists 'propagating' | Should -BeTrue
    }

    It 'waits while Lambda reports an update InProgress, so no conflict reaches the user' {
        Publish-Default 'busy' | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @(
            @{ operation = 'GetFunctionConfiguration'; times = 3; patch_json = @{ LastUpdateStatus = 'InProgress' } }
        )
        Clear-AwsProxyCall -Proxy $script:Proxy
        $fn = Publish-Default 'busy' @{ MemorySize = 192 }
        $fn.Action | Should -Be 'Updated'
        $fn.LastUpdateStatus | Should -Not -Be 'InProgress'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation GetFunctionConfiguration).Count | Should -Be 4
    }

    It 'waits for an update already in progress before changing anything' {
        Publish-Default 'preexisting' | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @(
            @{ operation = 'GetFunction'; times = 1; patch_json = @{ 'Configuration.LastUpdateStatus' = 'InProgress' } }
            @{ operation = 'GetFunctionConfiguration'; times = 2; patch_json = @{ LastUpdateStatus = 'InProgress' } }
        )
        Clear-AwsProxyCall -Proxy $script:Proxy
        $fn = Publish-Default 'preexisting' @{ Timeout = 10 }
        $fn.Action | Should -Be 'Updated'
        $calls = @(Get-Calls | Where-Object { $_.operation -in 'GetFunctionConfiguration', 'UpdateFunctionConfiguration' }).operation
        # Three polls until the foreign update is done, then the update, then one poll after it.
        $calls | Should -Be @('GetFunctionConfiguration', 'GetFunctionConfiguration', 'GetFunctionConfiguration', 'UpdateFunctionConfiguration', 'GetFunctionConfiguration')
    }

    It 'treats ResourceConflictException as retryable' {
        Publish-Default 'conflicted' | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'UpdateFunctionConfiguration'; times = 1
            respond   = @{ status = 409; headers = @{ 'X-Amzn-ErrorType' = 'ResourceConflictException' }; body = @{ Type = 'User'; message = 'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:conflicted' } }
        }
        Clear-AwsProxyCall -Proxy $script:Proxy
        $fn = Publish-Default 'conflicted' @{ MemorySize = 320 }
        $fn.Action | Should -Be 'Updated'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation UpdateFunctionConfiguration).Count | Should -Be 2
        (Get-FunctionConfiguration 'conflicted').MemorySize | Should -Be 320
    }
}

Describe 'Publish-AlonzoFunction refuses bad input before anything is created' {
    BeforeAll {
        $script:NotZip = Join-Path $TestDrive 'not-a-zip.zip'
        Set-Content -Path $script:NotZip -Value 'this is text'
        $script:NoHandler = Join-Path $TestDrive 'nohandler'
        New-Item -ItemType Directory -Path $script:NoHandler | Out-Null
        Set-Content -Path (Join-Path $script:NoHandler 'other.py') -Value 'x = 1'
    }
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'refuses <Case> with <ErrorId>' -ForEach @(
        @{ Case = 'a missing folder'; ErrorId = 'PathNotFound'; Params = @{ Path = '/nonexistent/folder' }; Shows = '/nonexistent/folder' }
        @{ Case = 'a missing zip'; ErrorId = 'PathNotFound'; Params = @{ ZipFile = '/nonexistent/fn.zip' }; Shows = '/nonexistent/fn.zip' }
        @{ Case = 'a file that is not a zip'; ErrorId = 'InvalidZipFile'; Params = @{ ZipFile = 'NOTZIP' }; Shows = 'not-a-zip.zip' }
        @{ Case = 'a handler module missing from the package'; ErrorId = 'HandlerNotFound'; Params = @{ Path = 'NOHANDLER' }; Shows = 'lambda_function.py' }
        @{ Case = 'memory below the model minimum'; ErrorId = 'InvalidMemorySize'; Params = @{ MemorySize = 64 }; Shows = '64' }
        @{ Case = 'memory above the model maximum'; ErrorId = 'InvalidMemorySize'; Params = @{ MemorySize = 40000 }; Shows = '40000' }
        @{ Case = 'a zero timeout'; ErrorId = 'InvalidTimeout'; Params = @{ Timeout = 0 }; Shows = '0' }
        @{ Case = 'a timeout over 900 s'; ErrorId = 'InvalidTimeout'; Params = @{ Timeout = 901 }; Shows = '901' }
        @{ Case = 'a name with spaces'; ErrorId = 'InvalidFunctionName'; Params = @{ Name = 'bad name' }; Shows = 'bad name' }
        @{ Case = 'a 65-character name'; ErrorId = 'InvalidFunctionName'; Params = @{ Name = ('f' * 65) }; Shows = 'is 65 characters long' }
        @{ Case = 'an unknown runtime'; ErrorId = 'UnknownRuntime'; Params = @{ Runtime = 'python9.9' }; Shows = 'python9.9' }
        @{ Case = 'a role that does not exist'; ErrorId = 'RoleNotFound'; Params = @{ Role = 'no_such_role' }; Shows = 'no_such_role' }
    ) {
        $p = @{ Name = 'refused'; Path = $script:Handler; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12'; Role = 'alonzo_lambda' }
        foreach ($k in $Params.Keys) { $p[$k] = $Params[$k] }
        if ($p.ContainsKey('ZipFile')) { $p.Remove('Path'); if ($p.ZipFile -eq 'NOTZIP') { $p.ZipFile = $script:NotZip } }
        if ($p.Path -eq 'NOHANDLER') { $p.Path = $script:NoHandler }
        Publish-AlonzoFunction @p -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId*"
        # A clear error: it names the offending value.
        "$($err[0])" | Should -BeLike "*$Shows*"
        Get-MutatingCalls | Should -BeNullOrEmpty
        Test-FunctionExists $p.Name | Should -BeFalse
    }

    It 'names the handler file it looked for and the nearest candidates' {
        Publish-AlonzoFunction -Name refused -Path $script:NoHandler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -ErrorVariable err -ErrorAction SilentlyContinue
        "$($err[0])" | Should -BeLike '*lambda_function.py*'
        "$($err[0])" | Should -BeLike '*other.py*'
    }

    It 'refuses a package over the direct-upload limit and says what to do instead' {
        $big = Join-Path $TestDrive 'big'
        New-Item -ItemType Directory -Path $big | Out-Null
        Set-Content -Path (Join-Path $big 'lambda_function.py') -Value 'def lambda_handler(e, c): return 1'
        # Random bytes do not compress, so the zip stays over 50 MB.
        $bytes = [byte[]]::new(53MB)
        [System.Random]::new(7).NextBytes($bytes)
        [System.IO.File]::WriteAllBytes((Join-Path $big 'blob.bin'), $bytes)
        Publish-AlonzoFunction -Name refused -Path $big -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PackageTooLarge*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*S3*'
        Get-MutatingCalls | Should -BeNullOrEmpty
    }
}

Describe 'Get-, Invoke- and Remove-AlonzoFunction' {
    BeforeAll {
        'get-one', 'get-two' | ForEach-Object { Publish-Default $_ | Out-Null }
    }
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'gets by name and by wildcard' {
        (Get-AlonzoFunction -Name 'get-one').Handler | Should -Be 'lambda_function.lambda_handler'
        (Get-AlonzoFunction -Name 'get-*').FunctionName | Should -Be @('get-one', 'get-two')
        Get-AlonzoFunction -Name 'missing-fn' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FunctionNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'renders the table view' {
        $text = Get-AlonzoFunction -Name 'get-one' | Out-String
        $text | Should -Match 'FunctionName\s+Runtime\s+Memory\s+Timeout\s+State'
        $text | Should -Match 'get-one\s+python3.12\s+128\s+3s\s+Active'
    }

    It 'invokes with an object payload and parses the reply' {
        $result = Invoke-AlonzoFunction -Name 'get-one' -Payload ([ordered]@{ Records = @(); source = 'test' })
        $result.StatusCode | Should -Be 200
        $result.FunctionError | Should -BeNullOrEmpty
        # moto echoes the event back when it cannot run code
        $result.Payload.source | Should -Be 'test'
        $result.PayloadText | Should -Be '{"Records":[],"source":"test"}'
    }

    It 'reports a function error with the decoded log tail, as AWS sends them' {
        $tail = "START RequestId: 1 Version: `$LATEST`nTraceback: boom`nEND RequestId: 1`nREPORT RequestId: 1`tDuration: 2.51 ms`tBilled Duration: 3 ms`tMemory Size: 128 MB`tMax Memory Used: 38 MB`n"
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'Invoke'; times = 1
            respond   = @{ status = 200; headers = @{ 'X-Amz-Function-Error' = 'Unhandled'; 'X-Amz-Log-Result' = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($tail)); 'X-Amz-Executed-Version' = '$LATEST' }; body = @{ errorMessage = 'boom'; errorType = 'Exception' } }
        }
        $result = Invoke-AlonzoFunction -Name 'get-one' -Payload '{}' -WarningVariable warn -WarningAction SilentlyContinue
        $result.FunctionError | Should -Be 'Unhandled'
        $result.Succeeded | Should -BeFalse
        $result.Payload.errorMessage | Should -Be 'boom'
        $result.LogTail | Should -BeLike '*Traceback: boom*REPORT RequestId: 1*'
        $result.ExecutedVersion | Should -Be '$LATEST'
        # The error's type and message, and the REPORT figures of the log tail, as a local run gives them.
        $result.ErrorType | Should -Be 'Exception'
        $result.ErrorMessage | Should -Be 'boom'
        $result.Report.Duration | Should -Be 2.51
        $result.Report.BilledDuration | Should -Be 3
        $result.Report.MaxMemoryUsed | Should -Be 38
        $result.RequestId | Should -Be '1'
        $result.Local | Should -BeFalse
        "$warn" | Should -BeLike "*'get-one' raised an error (Unhandled: Exception)*"
    }

    It 'refuses a payload that is not JSON' {
        Invoke-AlonzoFunction -Name 'get-one' -Payload 'not json' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPayload*'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation Invoke).Count | Should -Be 0
    }

    It 'removes nothing with -WhatIf and removes with -Force' {
        Publish-Default 'removed' | Out-Null
        Remove-AlonzoFunction -Name 'removed' -WhatIf
        Test-FunctionExists 'removed' | Should -BeTrue
        Get-AlonzoFunction -Name 'removed' | Remove-AlonzoFunction -Force
        Test-FunctionExists 'removed' | Should -BeFalse
        Remove-AlonzoFunction -Name 'removed' -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }
}
