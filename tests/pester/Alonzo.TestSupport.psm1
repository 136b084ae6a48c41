#Requires -Version 7.0
<#
    Test support for the Alonzo Pester suites: starts and stops moto_server and the recording,
    fault-injecting proxy (tests/fixtures/aws_proxy.py), drives the proxy's control API and runs the
    machine's aws CLI against either of them.

    Everything here talks to 127.0.0.1 only: every URL passed in is checked, HTTP calls bypass any
    configured web proxy, and the aws CLI runs with dummy credentials and no user configuration.

    Services are tracked in a module-scoped list (Stop-AllTestServices) and are also tied to the
    lifetime of this PowerShell process: each one runs under a small Python watchdog that stops it
    as soon as its standard input (a pipe held by this process) closes, i.e. when the test run ends
    in any way, including a crash. The watchdog also asks the kernel to kill the service if the
    watchdog itself is killed.
#>

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$script:TestServices = [System.Collections.Generic.List[object]]::new()
$script:ProxyScript = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' 'fixtures' 'aws_proxy.py'))
$script:LogRoot = Join-Path ([System.IO.Path]::GetTempPath()) 'alonzo-tests'

# The watchdog every service runs under (shared with the xunit fixtures): `python3 service_watchdog.py LOGFILE COMMAND...`.
$script:WatchdogScript = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' 'fixtures' 'service_watchdog.py'))

# ---------------------------------------------------------------------------------------------
# Private helpers
# ---------------------------------------------------------------------------------------------

function Assert-LoopbackUrl {
    # Tests must never reach a real AWS endpoint or any other host.
    param([Parameter(Mandatory)][string] $Url)
    $uri = $null
    if (-not [System.Uri]::TryCreate($Url, [System.UriKind]::Absolute, [ref] $uri) -or $uri.Scheme -ne 'http') {
        throw "Expected an http:// URL, got '$Url'."
    }
    $address = $null
    $isLoopback = $uri.Host -eq 'localhost' -or
        ([System.Net.IPAddress]::TryParse($uri.Host.Trim('[', ']'), [ref] $address) -and [System.Net.IPAddress]::IsLoopback($address))
    if (-not $isLoopback) {
        throw "Refusing non-loopback URL '$Url': tests may only talk to 127.0.0.1."
    }
    return $uri.GetLeftPart([System.UriPartial]::Authority)
}

function Resolve-ServiceUrl {
    # Accepts a service object from Start-MotoServer / Start-AwsProxy or a plain URL.
    param([Parameter(Mandatory)][object] $Service)
    $url = if ($Service -is [string]) { $Service }
        elseif ($Service -is [System.Collections.IDictionary]) { $Service['Url'] }
        elseif ($Service.PSObject.Properties['Url']) { $Service.Url }
        else { $null }
    if (-not $url) { throw 'Expected a service object with a Url property or a URL string.' }
    return Assert-LoopbackUrl $url
}

function Find-Executable {
    param([Parameter(Mandatory)][string] $Name)
    $command = Get-Command -Name $Name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($command) { return $command.Source }
    return $null
}

function Get-PythonPath {
    $python = Find-Executable 'python3'
    if (-not $python) { throw 'python3 was not found on PATH.' }
    return $python
}

function Set-LoopbackOnlyEnvironment {
    # Keeps child processes from routing loopback traffic through a configured web proxy.
    param([Parameter(Mandatory)][System.Diagnostics.ProcessStartInfo] $StartInfo)
    foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy') {
        [void] $StartInfo.Environment.Remove($name)
    }
    $StartInfo.Environment['NO_PROXY'] = '127.0.0.1,localhost,::1'
    $StartInfo.Environment['no_proxy'] = '127.0.0.1,localhost,::1'
}

function Get-LogTail {
    param([string] $Path, [int] $Lines = 40)
    if ($Path -and (Test-Path -LiteralPath $Path)) {
        return ((Get-Content -LiteralPath $Path -Tail $Lines -ErrorAction SilentlyContinue) -join [Environment]::NewLine)
    }
    return '(no log)'
}

function Start-WatchedProcess {
    # Starts COMMAND under the watchdog with its output in a fresh log file.
    param(
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][string[]] $Command,
        [hashtable] $Environment
    )
    [void] [System.IO.Directory]::CreateDirectory($script:LogRoot)
    $logPath = Join-Path $script:LogRoot ('{0}-{1}.log' -f $Name, [guid]::NewGuid().ToString('N').Substring(0, 12))

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new((Get-PythonPath))
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true   # the lifetime pipe the watchdog listens to
    $startInfo.WorkingDirectory = [System.IO.Path]::GetTempPath()
    foreach ($argument in @($script:WatchdogScript, $logPath) + $Command) {
        $startInfo.ArgumentList.Add($argument)
    }
    Set-LoopbackOnlyEnvironment $startInfo
    $startInfo.Environment['PYTHONUNBUFFERED'] = '1'
    if ($Environment) {
        foreach ($key in $Environment.Keys) { $startInfo.Environment[[string] $key] = [string] $Environment[$key] }
    }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    $service = [pscustomobject] @{
        PSTypeName = 'Alonzo.TestService'
        Name       = $Name
        Url        = $null
        Port       = 0
        Process    = $process
        LogPath    = $logPath
    }
    # Tracked before it is known to be healthy, so a failed start is still cleaned up.
    $script:TestServices.Add($service)
    return $service
}

function Wait-HttpReady {
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)][string] $ProbeUrl,
        [int] $TimeoutSeconds = 60
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Service.Process.HasExited) { return $false }
        try {
            # Any HTTP answer, even an error status, means the server is listening.
            $null = Invoke-WebRequest -Uri $ProbeUrl -NoProxy -TimeoutSec 2 -SkipHttpErrorCheck
            return $true
        } catch {
            Start-Sleep -Milliseconds 200
        }
    }
    return $false
}

function Invoke-LoopbackJson {
    param(
        [Parameter(Mandatory)][string] $BaseUrl,
        [Parameter(Mandatory)][string] $Method,
        [Parameter(Mandatory)][string] $Path,
        [object] $Body
    )
    $parameters = @{
        Uri        = (Assert-LoopbackUrl $BaseUrl) + $Path
        Method     = $Method
        NoProxy    = $true
        TimeoutSec = 30
    }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = ($Body | ConvertTo-Json -Depth 32 -Compress)
        $parameters.ContentType = 'application/json'
    }
    return Invoke-RestMethod @parameters
}

# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------

function Get-FreeTcpPort {
    <# .SYNOPSIS Returns a TCP port on 127.0.0.1 that was free a moment ago. #>
    [CmdletBinding()]
    [OutputType([int])]
    param()
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return ([System.Net.IPEndPoint] $listener.LocalEndpoint).Port
    } finally {
        $listener.Stop()
    }
}

function Start-MotoServer {
    <#
    .SYNOPSIS Starts moto_server on 127.0.0.1 and waits until it answers.
    .PARAMETER Environment Extra environment variables, e.g. @{ INITIAL_NO_AUTH_ACTION_COUNT = '5' }.
    .OUTPUTS An object with Url, Port, Process and LogPath; pass it to Stop-TestService.
    #>
    [CmdletBinding()]
    param(
        [hashtable] $Environment,
        [ValidateRange(1, 600)][int] $TimeoutSeconds = 60
    )
    $environmentVariables = @{ MOTO_IAM_LOAD_MANAGED_POLICIES = 'true' }
    if ($Environment) { foreach ($key in $Environment.Keys) { $environmentVariables[$key] = $Environment[$key] } }

    $motoServer = Find-Executable 'moto_server'
    $lastError = $null
    # The port is free when picked but another process may take it before moto binds it,
    # so a start that dies early is retried on a new port.
    for ($attempt = 1; $attempt -le 3; $attempt++) {
        $port = Get-FreeTcpPort
        $command = [System.Collections.Generic.List[string]]::new()
        if ($motoServer) { $command.Add($motoServer) } else { $command.AddRange([string[]] @((Get-PythonPath), '-m', 'moto.server')) }
        $command.AddRange([string[]] @('-H', '127.0.0.1', '-p', [string] $port))

        $service = Start-WatchedProcess -Name 'moto' -Command $command -Environment $environmentVariables
        $service.Port = $port
        $service.Url = "http://127.0.0.1:$port"
        if (Wait-HttpReady -Service $service -ProbeUrl "$($service.Url)/moto-api/" -TimeoutSeconds $TimeoutSeconds) {
            return $service
        }
        $timedOut = -not $service.Process.HasExited
        $lastError = "moto_server did not answer on $($service.Url) " +
            $(if ($timedOut) { "within $TimeoutSeconds s" } else { "(exited with $($service.Process.ExitCode))" }) +
            ". Log tail:$([Environment]::NewLine)$(Get-LogTail $service.LogPath)"
        Stop-TestService -Service $service
        if ($timedOut) { break }
    }
    throw $lastError
}

function Start-Kinesalite {
    <#
    .SYNOPSIS Starts kinesalite (tests/tools/node_modules, restored by build.ps1 with npm ci) on 127.0.0.1 and waits until it answers.
    .DESCRIPTION kinesalite's cli.js takes --port, --path, --ssl, --createStreamMs, --deleteStreamMs,
        --updateStreamMs and --shardLimit but has no host option and listens on every interface, so the
        same options are passed to its module from a one-line launcher that listens on 127.0.0.1 only.
        Streams change state after -StateChangeMs (50 ms) instead of kinesalite's default 500 ms.
    .OUTPUTS An object with Url, Port, Process and LogPath; pass it to Stop-TestService.
    #>
    [CmdletBinding()]
    param(
        [ValidateRange(0, 60000)][int] $StateChangeMs = 50,
        [ValidateRange(1, 100000)][int] $ShardLimit = 100,
        [ValidateRange(1, 600)][int] $TimeoutSeconds = 60
    )
    $root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' 'tools' 'node_modules' 'kinesalite'))
    if (-not (Test-Path -LiteralPath (Join-Path $root 'cli.js'))) {
        throw "kinesalite is not installed at $root. Run 'npm ci' in tests/tools (build.ps1 -Task Test does)."
    }
    $node = Find-Executable 'node'
    if (-not $node) { throw 'node was not found on PATH.' }
    $launcher = 'var o=require("minimist")(process.argv.slice(1));' +
        'require(' + (ConvertTo-Json $root) + ')(o).listen(o.port,"127.0.0.1",function(){console.log("Listening at http://127.0.0.1:"+o.port)})'
    $lastError = $null
    for ($attempt = 1; $attempt -le 3; $attempt++) {
        $port = Get-FreeTcpPort
        $command = @($node, '-e', $launcher, '--', '--port', [string] $port, '--createStreamMs', [string] $StateChangeMs,
            '--deleteStreamMs', [string] $StateChangeMs, '--updateStreamMs', [string] $StateChangeMs, '--shardLimit', [string] $ShardLimit)
        $service = Start-WatchedProcess -Name 'kinesalite' -Command $command -Environment @{ NODE_PATH = (Split-Path $root -Parent) }
        $service.Port = $port
        $service.Url = "http://127.0.0.1:$port"
        if (Wait-HttpReady -Service $service -ProbeUrl "$($service.Url)/" -TimeoutSeconds $TimeoutSeconds) {
            return $service
        }
        $timedOut = -not $service.Process.HasExited
        $lastError = "kinesalite did not answer on $($service.Url). Log tail:$([Environment]::NewLine)$(Get-LogTail $service.LogPath)"
        Stop-TestService -Service $service
        if ($timedOut) { break }
    }
    throw $lastError
}

function Start-AwsProxy {
    <#
    .SYNOPSIS Starts tests/fixtures/aws_proxy.py in front of a loopback upstream and waits until it answers.
    .PARAMETER Upstream A URL or a service object from Start-MotoServer.
    .OUTPUTS An object with Url, Port, Process, LogPath and Upstream; pass it to Stop-TestService.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Upstream,
        [ValidateRange(1, 600)][int] $TimeoutSeconds = 60
    )
    $upstreamUrl = Resolve-ServiceUrl $Upstream
    [void] [System.IO.Directory]::CreateDirectory($script:LogRoot)
    $portFile = Join-Path $script:LogRoot ('proxy-{0}.port' -f [guid]::NewGuid().ToString('N'))
    $command = @((Get-PythonPath), $script:ProxyScript, '--upstream', $upstreamUrl, '--port', '0', '--port-file', $portFile)
    $service = Start-WatchedProcess -Name 'aws-proxy' -Command $command
    $service | Add-Member -NotePropertyName Upstream -NotePropertyValue $upstreamUrl
    try {
        # The proxy picks its own port (no race) and writes it once it is listening.
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (Test-Path -LiteralPath $portFile) -and -not $service.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
        }
        if (Test-Path -LiteralPath $portFile) {
            $service.Port = [int] (Get-Content -LiteralPath $portFile -Raw).Trim()
            $service.Url = "http://127.0.0.1:$($service.Port)"
            $remaining = [Math]::Max(1, [int] ($deadline - [DateTime]::UtcNow).TotalSeconds)
            if (Wait-HttpReady -Service $service -ProbeUrl "$($service.Url)/__proxy/health" -TimeoutSeconds $remaining) {
                return $service
            }
        }
        $message = "aws_proxy.py did not start. Log tail:$([Environment]::NewLine)$(Get-LogTail $service.LogPath)"
        Stop-TestService -Service $service
        throw $message
    } finally {
        Remove-Item -LiteralPath $portFile -ErrorAction SilentlyContinue
    }
}

function Stop-TestService {
    <#
    .SYNOPSIS Stops a service started by this module, with its whole process tree. Never throws.
    .PARAMETER KeepLog Leaves the log file in place (it is deleted by default).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)][AllowNull()][object] $Service,
        [switch] $KeepLog
    )
    process {
        if ($null -eq $Service) { return }
        $process = $Service.Process
        try {
            if ($process -and -not $process.HasExited) {
                # Closing the lifetime pipe lets the watchdog stop the service politely first.
                try { $process.StandardInput.Close() } catch { }
                if (-not $process.WaitForExit(5000)) {
                    $process.Kill($true)
                    [void] $process.WaitForExit(10000)
                }
            }
        } catch {
            # Already gone, or exited between the checks above: nothing left to stop.
            Write-Verbose "Stop-TestService: $($_.Exception.Message)"
        } finally {
            # The Process object is left undisposed so callers can still read HasExited and ExitCode.
            [void] $script:TestServices.Remove($Service)
            if (-not $KeepLog -and $Service.LogPath) {
                Remove-Item -LiteralPath $Service.LogPath -ErrorAction SilentlyContinue
            }
        }
    }
}

function Stop-AllTestServices {
    <# .SYNOPSIS Stops every service this module started and has not stopped yet. #>
    [CmdletBinding()]
    param([switch] $KeepLog)
    foreach ($service in @($script:TestServices)) {
        Stop-TestService -Service $service -KeepLog:$KeepLog
    }
}

function Reset-MotoServer {
    <# .SYNOPSIS Drops all state in a moto server (POST /moto-api/reset). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Service)
    $null = Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Service) -Method Post -Path '/moto-api/reset'
}

function Set-AwsProxyRule {
    <#
    .SYNOPSIS Replaces the proxy's fault rules.
    .PARAMETER Rule Rules such as @{ operation = 'CreateFunction'; times = 1; respond = @{ status = 400; body = '...' } }.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Proxy,
        [Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Rule
    )
    # @() keeps a single rule a JSON array.
    $null = Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Post -Path '/__proxy/rules' -Body @{ rules = @($Rule) }
}

function Get-AwsProxyRule {
    <# .SYNOPSIS Returns the proxy's rules with their 'remaining' and 'applied' counts. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Proxy)
    (Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Get -Path '/__proxy/rules').rules
}

function Clear-AwsProxyRule {
    <# .SYNOPSIS Removes all fault rules: every call is forwarded unchanged again. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Proxy)
    $null = Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Delete -Path '/__proxy/rules'
}

function Get-AwsProxyCall {
    <#
    .SYNOPSIS Returns the calls the proxy has seen, oldest first.
    .DESCRIPTION Each has time, method, path, request ("METHOD /path"), service, operation, protocol, target,
        mutating, status and rule (null, or the index and action of the rule that was applied).
    .PARAMETER Operation Only calls of these operations.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Proxy,
        [string[]] $Operation
    )
    $calls = (Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Get -Path '/__proxy/calls').calls
    foreach ($call in $calls) {
        if (-not $Operation -or $Operation -contains $call.operation) { $call }
    }
}

function Clear-AwsProxyCall {
    <# .SYNOPSIS Empties the proxy's call log. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Proxy)
    $null = Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Delete -Path '/__proxy/calls'
}

function Invoke-AwsCli {
    <#
    .SYNOPSIS Runs the machine's aws CLI against a loopback service and returns its parsed JSON output.
    .DESCRIPTION Adds --endpoint-url, --region and --output json; uses dummy credentials, no user
        configuration and a single attempt (AWS_MAX_ATTEMPTS=1) so that call counts are predictable.
        Throws with the CLI's stderr when it exits non-zero. Returns $null when the command prints nothing.
    .PARAMETER Service A service object (moto or proxy) or a loopback URL.
    .PARAMETER Environment Extra or overriding environment variables, e.g. @{ AWS_MAX_ATTEMPTS = '3' }.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Service,
        [Parameter(Mandatory)][string[]] $Arguments,
        [string] $Region = 'us-east-1',
        [hashtable] $Environment,
        [ValidateRange(1, 3600)][int] $TimeoutSeconds = 120
    )
    $endpoint = Resolve-ServiceUrl $Service
    $aws = Find-Executable 'aws'
    if (-not $aws) { throw 'The aws CLI was not found on PATH.' }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($aws)
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    foreach ($argument in @($Arguments) + @('--endpoint-url', $endpoint, '--region', $Region, '--output', 'json')) {
        $startInfo.ArgumentList.Add($argument)
    }
    Set-LoopbackOnlyEnvironment $startInfo
    # Nothing from the user's profile, instance metadata or SSO may leak in.
    foreach ($name in 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN',
        'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_ENDPOINT_URL', 'AWS_CA_BUNDLE') {
        [void] $startInfo.Environment.Remove($name)
    }
    $noConfig = Join-Path $script:LogRoot 'no-aws-config'   # never created
    $defaults = [ordered] @{
        AWS_ACCESS_KEY_ID           = 'testing'
        AWS_SECRET_ACCESS_KEY       = 'testing'
        AWS_DEFAULT_REGION          = $Region
        AWS_EC2_METADATA_DISABLED   = 'true'
        AWS_CONFIG_FILE             = $noConfig
        AWS_SHARED_CREDENTIALS_FILE = $noConfig
        AWS_MAX_ATTEMPTS            = '1'
        AWS_RETRY_MODE              = 'standard'
        AWS_PAGER                   = ''
    }
    foreach ($key in $defaults.Keys) { $startInfo.Environment[$key] = $defaults[$key] }
    if ($Environment) {
        foreach ($key in $Environment.Keys) { $startInfo.Environment[[string] $key] = [string] $Environment[$key] }
    }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        # Both streams are drained concurrently so a full pipe cannot stall the CLI.
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "aws $($Arguments -join ' ') timed out after $TimeoutSeconds s."
        }
        $process.WaitForExit()
        $output = $stdout.GetAwaiter().GetResult()
        $errors = $stderr.GetAwaiter().GetResult()
        if ($process.ExitCode -ne 0) {
            $exception = [System.InvalidOperationException]::new(
                "aws $($Arguments -join ' ') failed with exit code $($process.ExitCode): $($errors.Trim())")
            $exception.Data['ExitCode'] = $process.ExitCode
            $exception.Data['StdErr'] = $errors
            throw $exception
        }
        if ([string]::IsNullOrWhiteSpace($output)) { return $null }
        return $output | ConvertFrom-Json -Depth 100
    } finally {
        $process.Dispose()
    }
}

# The set-up every suite shares: the built module under test, test credentials and region (never the
# machine's own), no endpoint variables, and instance metadata off so nothing leaves loopback.
function Import-AlonzoUnderTest {
    [CmdletBinding()]
    param()
    $path = if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' }
    Import-Module $path -Force -Global
    $env:AWS_ACCESS_KEY_ID = 'testing'
    $env:AWS_SECRET_ACCESS_KEY = 'testing'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    Get-ChildItem Env:AWS_ENDPOINT_URL* | ForEach-Object { Remove-Item "Env:$($_.Name)" }
    $path
}

# moto behind the recording proxy, with every Alonzo command pointed at the proxy.
function Start-AlonzoEmulator {
    [CmdletBinding()]
    param(
        # moto cannot run function code here (no Docker); without Docker it answers an invoke with the event.
        [switch] $LambdaWithoutDocker
    )
    $moto = Start-MotoServer
    if ($LambdaWithoutDocker) {
        Invoke-LoopbackJson -BaseUrl $moto.Url -Method Post -Path /moto-api/config -Body @{ lambda = @{ use_docker = $false } } | Out-Null
    }
    $proxy = Start-AwsProxy -Upstream $moto
    $global:PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $proxy.Url
    [pscustomobject]@{ Moto = $moto; Proxy = $proxy }
}

function Stop-AlonzoEmulator {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    $global:PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    if ($Emulator) {
        Stop-TestService -Service $Emulator.Proxy
        Stop-TestService -Service $Emulator.Moto
    }
    Stop-AllTestServices
}

# Removing (or force re-importing) the module stops what it started; the watchdog covers
# everything else, down to this PowerShell process being killed.
$ExecutionContext.SessionState.Module.OnRemove = { Stop-AllTestServices }

Export-ModuleMember -Function @(
    'Import-AlonzoUnderTest'
    'Start-AlonzoEmulator'
    'Stop-AlonzoEmulator'
    'Get-FreeTcpPort'
    'Start-MotoServer'
    'Start-Kinesalite'
    'Start-AwsProxy'
    'Stop-TestService'
    'Stop-AllTestServices'
    'Reset-MotoServer'
    'Set-AwsProxyRule'
    'Get-AwsProxyRule'
    'Clear-AwsProxyRule'
    'Get-AwsProxyCall'
    'Clear-AwsProxyCall'
    'Invoke-AwsCli'
)
