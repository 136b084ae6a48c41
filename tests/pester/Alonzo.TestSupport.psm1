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

function Start-ChildProcess {
    <#
    .SYNOPSIS Starts a program with only loopback networking and none of this process's AWS_* variables but those
        given (a $null value removes one), both output streams drained as it runs; pass the result to Wait-ChildProcess.
    .PARAMETER StandardInput Text written to the program's standard input, which is then closed.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $File,
        [string[]] $Arguments = @(),
        [hashtable] $Environment = @{},
        [string] $StandardInput,
        [string] $Description = $File
    )
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($File)
    foreach ($argument in $Arguments) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $PSBoundParameters.ContainsKey('StandardInput')
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.WorkingDirectory = [System.IO.Path]::GetTempPath()
    Set-LoopbackOnlyEnvironment $startInfo
    # Nothing from the user's profile, instance metadata or SSO may leak in.
    foreach ($name in @($startInfo.Environment.Keys)) { if ($name -like 'AWS_*') { [void] $startInfo.Environment.Remove($name) } }
    foreach ($key in $Environment.Keys) {
        if ($null -eq $Environment[$key]) { [void] $startInfo.Environment.Remove([string] $key) }
        else { $startInfo.Environment[[string] $key] = [string] $Environment[$key] }
    }
    $process = [System.Diagnostics.Process]::Start($startInfo)
    if ($startInfo.RedirectStandardInput) {
        $process.StandardInput.Write($StandardInput)
        $process.StandardInput.Close()
    }
    # Both streams are drained concurrently so a full pipe cannot stall the program.
    [pscustomobject]@{
        Description = $Description
        Process     = $process
        StdOut      = $process.StandardOutput.ReadToEndAsync()
        StdErr      = $process.StandardError.ReadToEndAsync()
    }
}

function Wait-ChildProcess {
    <#
    .SYNOPSIS Waits for a program from Start-ChildProcess to end (killing it after -TimeoutSeconds) and returns
        ExitCode, StdOut and StdErr.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)][object] $Child,
        [int] $TimeoutSeconds = 300
    )
    process {
        $process = $Child.Process
        try {
            if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
                $process.Kill($true)
                throw "$($Child.Description) did not finish within $TimeoutSeconds s."
            }
            $process.WaitForExit()
            [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $Child.StdOut.GetAwaiter().GetResult(); StdErr = $Child.StdErr.GetAwaiter().GetResult() }
        } finally {
            $process.Dispose()
        }
    }
}

function Invoke-ChildProcess {
    # Start-ChildProcess and Wait-ChildProcess in one.
    param(
        [Parameter(Mandatory)][string] $File,
        [string[]] $Arguments = @(),
        [hashtable] $Environment = @{},
        [string] $StandardInput,
        [Parameter(Mandatory)][string] $Description,
        [int] $TimeoutSeconds = 300
    )
    $start = @{} + $PSBoundParameters
    $start.Remove('TimeoutSeconds')
    Start-ChildProcess @start | Wait-ChildProcess -TimeoutSeconds $TimeoutSeconds
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

function Start-PortFileService {
    # Starts a fixture that picks its own port (no race) and writes it to a file once it listens,
    # then waits until ProbePath answers.
    param(
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][string[]] $Command,
        [Parameter(Mandatory)][string] $PortFile,
        [Parameter(Mandatory)][string] $ProbePath,
        [int] $TimeoutSeconds = 60
    )
    $service = Start-WatchedProcess -Name $Name -Command $Command
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (Test-Path -LiteralPath $PortFile) -and -not $service.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 100
        }
        if (Test-Path -LiteralPath $PortFile) {
            $service.Port = [int] (Get-Content -LiteralPath $PortFile -Raw).Trim()
            $service.Url = "http://127.0.0.1:$($service.Port)"
            $remaining = [Math]::Max(1, [int] ($deadline - [DateTime]::UtcNow).TotalSeconds)
            if (Wait-HttpReady -Service $service -ProbeUrl "$($service.Url)$ProbePath" -TimeoutSeconds $remaining) {
                return $service
            }
        }
        $message = "$Name did not start. Log tail:$([Environment]::NewLine)$(Get-LogTail $service.LogPath)"
        Stop-TestService -Service $service
        throw $message
    } finally {
        Remove-Item -LiteralPath $PortFile -ErrorAction SilentlyContinue
    }
}

function New-PortFilePath([string] $Name) {
    [void] [System.IO.Directory]::CreateDirectory($script:LogRoot)
    Join-Path $script:LogRoot ('{0}-{1}.port' -f $Name, [guid]::NewGuid().ToString('N'))
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
    $portFile = New-PortFilePath 'proxy'
    $command = @((Get-PythonPath), $script:ProxyScript, '--upstream', $upstreamUrl, '--port', '0', '--port-file', $portFile)
    $service = Start-PortFileService -Name 'aws-proxy' -Command $command -PortFile $portFile -ProbePath '/__proxy/health' -TimeoutSeconds $TimeoutSeconds
    $service | Add-Member -NotePropertyName Upstream -NotePropertyValue $upstreamUrl -PassThru
}

function Start-CredentialStandIn {
    <#
    .SYNOPSIS Starts tests/fixtures/credential_stand_in.py: a loopback container credentials endpoint or
        IMDSv2 instance metadata service that hands out the given credentials.
    .PARAMETER Credential An object with AccessKeyId, SecretAccessKey and SessionToken (or Token).
    .PARAMETER AuthorizationToken Container mode: the token the endpoint requires in Authorization.
    .OUTPUTS A service object; for -Mode Container its CredentialsUrl is the value for
        AWS_CONTAINER_CREDENTIALS_FULL_URI, for -Mode Imds its Url the value for AWS_EC2_METADATA_SERVICE_ENDPOINT.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][ValidateSet('Container', 'Imds')][string] $Mode,
        [Parameter(Mandatory)][object] $Credential,
        [string] $AuthorizationToken
    )
    $file = Join-Path $script:LogRoot ('stand-in-{0}.json' -f [guid]::NewGuid().ToString('N'))
    $token = if ($Credential.PSObject.Properties['SessionToken']) { $Credential.SessionToken } else { $Credential.Token }
    [ordered]@{
        AccessKeyId     = $Credential.AccessKeyId
        SecretAccessKey = $Credential.SecretAccessKey
        Token           = $token
        Expiration      = [DateTime]::UtcNow.AddHours(6).ToString('yyyy-MM-ddTHH:mm:ssZ')
    } | ConvertTo-Json | Set-Content -LiteralPath $file
    $portFile = New-PortFilePath 'stand-in'
    $script = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' 'fixtures' 'credential_stand_in.py'))
    $command = @((Get-PythonPath), $script, '--mode', $Mode.ToLowerInvariant(), '--credentials', $file, '--port-file', $portFile)
    if ($AuthorizationToken) { $command += @('--authorization', $AuthorizationToken) }
    try {
        $service = Start-PortFileService -Name "stand-in-$($Mode.ToLowerInvariant())" -Command $command -PortFile $portFile -ProbePath '/__stand_in/requests'
    } finally {
        # The stand-in read the credentials at start.
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
    $service | Add-Member -NotePropertyName CredentialsUrl -NotePropertyValue "$($service.Url)/v2/credentials/alonzo" -PassThru
}

function Get-CredentialStandInRequest {
    <# .SYNOPSIS The requests a credential stand-in has answered, oldest first (method, path, authorized, status). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Service)
    (Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Service) -Method Get -Path '/__stand_in/requests').requests
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

function Enable-MotoSignatureCheck {
    <#
    .SYNOPSIS From now on moto verifies every call's SigV4 signature and IAM permissions (POST /moto-api/reset-auth).
    .DESCRIPTION The same check INITIAL_NO_AUTH_ACTION_COUNT turns on after N free calls, switched on when the
        set-up is done, however many calls it took. Calls must then be signed with a key moto issued: an IAM
        user's access key (New-MotoUser) or temporary credentials from its STS.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)][object] $Service)
    $null = Invoke-RestMethod -Method Post -Uri ((Resolve-ServiceUrl $Service) + '/moto-api/reset-auth') -Body '0' -ContentType 'text/plain' -NoProxy -TimeoutSec 30
}

function Invoke-Boto3 {
    <#
    .SYNOPSIS Runs Python code with boto3 against a loopback service and returns the value it leaves in 'result'.
    .DESCRIPTION One process for many calls (the aws CLI starts a process per call). The code gets
        client(name) (a boto3 client for the service's endpoint and -Region, with dummy credentials unless
        -Credential gives others) and args (the -Arguments hashtable); 'result' comes back through JSON.
    .PARAMETER Credential An object with AccessKeyId and SecretAccessKey (and SessionToken), for a moto that checks signatures.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Service,
        [Parameter(Mandatory)][string] $Code,
        [hashtable] $Arguments = @{},
        [string] $Region = 'us-east-1',
        [object] $Credential
    )
    $settings = @{
        endpoint = Resolve-ServiceUrl $Service
        region   = $Region
        key      = if ($Credential) { $Credential.AccessKeyId } else { 'testing' }
        secret   = if ($Credential) { $Credential.SecretAccessKey } else { 'testing' }
        token    = if ($Credential -and $Credential.PSObject.Properties['SessionToken']) { $Credential.SessionToken } else { $null }
        args     = $Arguments
    }
    $program = @"
import json, sys, boto3
from botocore.config import Config
settings = json.loads(sys.stdin.read())
args = settings['args']
def client(name):
    return boto3.client(name, endpoint_url=settings['endpoint'], region_name=settings['region'],
                        aws_access_key_id=settings['key'], aws_secret_access_key=settings['secret'],
                        aws_session_token=settings['token'], config=Config(retries={'max_attempts': 1}))
result = None
$Code
print(json.dumps(result, default=str))
"@
    $noConfig = Join-Path $script:LogRoot 'no-aws-config'   # never created
    $run = Invoke-ChildProcess -File (Get-PythonPath) -Arguments @('-c', $program) -StandardInput ($settings | ConvertTo-Json -Depth 10 -Compress) `
        -Environment @{ AWS_CONFIG_FILE = $noConfig; AWS_SHARED_CREDENTIALS_FILE = $noConfig; AWS_EC2_METADATA_DISABLED = 'true' } -Description 'boto3 code'
    if ($run.ExitCode -ne 0) { throw "boto3 code failed with exit code $($run.ExitCode): $($run.StdErr.Trim())" }
    $run.StdOut | ConvertFrom-Json -Depth 20
}

function New-MotoUser {
    <#
    .SYNOPSIS Creates an IAM user in moto with an inline policy allowing -Action, and an access key for it.
    .OUTPUTS UserName, Arn, AccessKeyId, SecretAccessKey and Credential (a PSCredential for -Credential).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Service,
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][string[]] $Action
    )
    $created = Invoke-Boto3 -Service $Service -Arguments @{ name = $Name; actions = @($Action) } -Code @'
iam = client('iam')
user = iam.create_user(UserName=args['name'])['User']
policy = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': args['actions'], 'Resource': '*'}]}
iam.put_user_policy(UserName=args['name'], PolicyName='allowed', PolicyDocument=json.dumps(policy))
key = iam.create_access_key(UserName=args['name'])['AccessKey']
result = {'Arn': user['Arn'], 'AccessKeyId': key['AccessKeyId'], 'SecretAccessKey': key['SecretAccessKey']}
'@
    [pscustomobject]@{
        UserName        = $Name
        Arn             = $created.Arn
        AccessKeyId     = $created.AccessKeyId
        SecretAccessKey = $created.SecretAccessKey
        Credential      = [pscredential]::new($created.AccessKeyId, (ConvertTo-SecureString $created.SecretAccessKey -AsPlainText -Force))
    }
}

function Set-AwsProxyKey {
    <#
    .SYNOPSIS Makes the proxy check the SigV4 signature of every call signed with these keys against botocore's own signer.
    .PARAMETER Key A hashtable of access key id to secret access key.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][object] $Proxy,
        [Parameter(Mandatory)][hashtable] $Key
    )
    $null = Invoke-LoopbackJson -BaseUrl (Resolve-ServiceUrl $Proxy) -Method Post -Path '/__proxy/keys' -Body @{ keys = $Key }
}

function Get-PwshCommand {
    <# .SYNOPSIS The file and leading arguments that start a new PowerShell like this one (pwsh, or dotnet pwsh.dll). #>
    [CmdletBinding()]
    param()
    $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $pwsh) { return , @($pwsh) }
    , @((Find-Executable 'dotnet'), (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-IsolatedPwsh {
    <#
    .SYNOPSIS Runs a script block in a new PowerShell process whose environment has none of this process's AWS_*
        variables, only those given, and returns what the script wrote to its output.
    .DESCRIPTION A fresh process, so nothing the AWS SDK caches per process (resolved credentials, the fallback
        region) carries over between cases. The script's output comes back through JSON (ConvertTo-Json -Depth 8).
    .PARAMETER Parameters Passed to the script block's param() by name.
    .PARAMETER Environment Variables to set (a $null value removes one), after the AWS_* variables were removed.
    .OUTPUTS ExitCode, Output (the script's objects), StdOut and StdErr.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][scriptblock] $ScriptBlock,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{},
        [ValidateRange(1, 3600)][int] $TimeoutSeconds = 300
    )
    [void] [System.IO.Directory]::CreateDirectory($script:LogRoot)
    $id = [guid]::NewGuid().ToString('N')
    $scriptPath = Join-Path $script:LogRoot "child-$id.ps1"
    $resultPath = Join-Path $script:LogRoot "child-$id.json"
    Set-Content -LiteralPath $scriptPath -Value @"
`$ErrorActionPreference = 'Stop'
`$parameters = Get-Content -LiteralPath `$env:ALONZO_CHILD_PARAMETERS -Raw | ConvertFrom-Json -AsHashtable
`$output = & { $($ScriptBlock.ToString()) } @parameters
ConvertTo-Json -InputObject @(`$output) -Depth 8 | Set-Content -LiteralPath `$env:ALONZO_CHILD_RESULT
"@
    $parametersPath = Join-Path $script:LogRoot "child-$id.parameters.json"
    ConvertTo-Json -InputObject $Parameters -Depth 8 | Set-Content -LiteralPath $parametersPath

    $command = Get-PwshCommand
    $variables = @{ ALONZO_CHILD_PARAMETERS = $parametersPath; ALONZO_CHILD_RESULT = $resultPath }
    foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
    try {
        $run = Invoke-ChildProcess -File $command[0] -Arguments (@($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $scriptPath)) `
            -Environment $variables -Description 'The child PowerShell' -TimeoutSeconds $TimeoutSeconds
        $output = if (Test-Path -LiteralPath $resultPath) { @(Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json -Depth 8) } else { @() }
        $run | Add-Member -NotePropertyName Output -NotePropertyValue $output -PassThru
    } finally {
        Remove-Item -LiteralPath $scriptPath, $resultPath, $parametersPath -ErrorAction SilentlyContinue
    }
}

function Stop-TestPipeline {
    <#
    .SYNOPSIS Stops a running [powershell] the way Ctrl+C stops a command (the running cmdlet's StopProcessing)
        and returns whether it had stopped within -TimeoutSeconds.
    .DESCRIPTION The bound is generous on purpose: a test using it asserts that the stop ended the command long
        before the command would have ended by itself (set its own timeout far beyond the bound), not how fast.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)][powershell] $PowerShell,
        [ValidateRange(1, 3600)][int] $TimeoutSeconds = 60
    )
    $stopping = $PowerShell.BeginStop($null, $null)
    $stopped = $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSeconds))
    if ($stopped) { $PowerShell.EndStop($stopping) }
    $stopped
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
        mutating, status, rule (null, or the index and action of the rule that was applied), access_key and
        signing_region (from the Authorization header), session_token (whether one was sent) and, for keys
        given to Set-AwsProxyKey, signature (botocore's signature for the request next to the one sent).
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

    $noConfig = Join-Path $script:LogRoot 'no-aws-config'   # never created
    $variables = @{
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
    if ($Environment) { foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] } }
    $run = Invoke-ChildProcess -File $aws -Arguments (@($Arguments) + @('--endpoint-url', $endpoint, '--region', $Region, '--output', 'json')) `
        -Environment $variables -Description "aws $($Arguments -join ' ')" -TimeoutSeconds $TimeoutSeconds
    if ($run.ExitCode -ne 0) {
        $exception = [System.InvalidOperationException]::new(
            "aws $($Arguments -join ' ') failed with exit code $($run.ExitCode): $($run.StdErr.Trim())")
        $exception.Data['ExitCode'] = $run.ExitCode
        $exception.Data['StdErr'] = $run.StdErr
        throw $exception
    }
    if ([string]::IsNullOrWhiteSpace($run.StdOut)) { return $null }
    return $run.StdOut | ConvertFrom-Json -Depth 100
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

function New-TestHandler {
    <#
    .SYNOPSIS Writes a folder with a Python handler, lambda_function.lambda_handler, and returns its path.
    .PARAMETER Body The handler's body (Python, indented by the caller's choice); by default it returns the event.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][string] $Path,
        [string] $Body = 'return event'
    )
    New-Item -ItemType Directory -Path $Path -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $Path 'lambda_function.py') -Value "def lambda_handler(event, context):`n    $Body`n"
    $Path
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
    'Start-CredentialStandIn'
    'Get-CredentialStandInRequest'
    'Enable-MotoSignatureCheck'
    'New-MotoUser'
    'Invoke-Boto3'
    'Set-AwsProxyKey'
    'Get-PwshCommand'
    'Invoke-IsolatedPwsh'
    'Stop-TestPipeline'
    'New-TestHandler'
    'Start-ChildProcess'
    'Wait-ChildProcess'
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
