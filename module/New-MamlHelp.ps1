#requires -Version 7.0
<#
.SYNOPSIS
    Writes the MAML help file of Alonzo's compiled cmdlets from the help sources in module/help.
.DESCRIPTION
    Texts come from one PowerShell data file per cmdlet (module/help/<Verb-Noun>.psd1) plus shared
    parameter texts (module/help/_common.psd1). Everything else in the help (syntax, parameter
    types, mandatory, position, pipeline input, parameter sets, aliases, wildcards, accepted values,
    defaults, output types) is read from the built module by reflection, in a child PowerShell
    process so the build's own session never loads the cmdlet assembly. The syntax shown by
    Get-Help therefore always matches the cmdlets.

    Help source keys (unknown keys are errors, so typos do not silently drop text):
      Synopsis     one sentence                                       (required)
      Description  paragraphs separated by blank lines                (required)
      Parameters   @{ ParameterName = 'text' } for every parameter not in _common.psd1
      Examples     @( @{ Title = '...'; Code = '...'; Remarks = '...' } )
      Notes        paragraphs
      Links        @( 'about_Alonzo', 'Get-AlonzoStream', 'https://...' )
      Inputs       optional @{ 'Type.Name' = 'text' } to describe or add pipeline input types
      Outputs      optional @{ 'Type.Name' = 'text' } describing the [OutputType] types

    Fails (throws) when an exported cmdlet has no help source, a parameter has no text, a source
    documents a parameter the cmdlet does not have, or a source is malformed. All problems are
    reported at once. With -WarnOnly (or ALONZO_HELP_WARN_ONLY=1) they become warnings and the help
    is written with whatever texts exist.
.EXAMPLE
    ./module/New-MamlHelp.ps1 -HelpSource module/help -OutFile output/Alonzo/en-US/Alonzo.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $HelpSource,

    [Parameter(Mandatory)]
    [string] $OutFile,

    # The built module folder; by default the folder above the culture folder of -OutFile.
    [string] $ModulePath,

    [switch] $WarnOnly
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $WarnOnly -and $env:ALONZO_HELP_WARN_ONLY -in @('1', 'true')) { $WarnOnly = [switch]::new($true) }
$HelpSource = (Resolve-Path -LiteralPath $HelpSource).ProviderPath
$OutFile = [System.IO.Path]::GetFullPath($OutFile, (Get-Location).ProviderPath)
if (-not $ModulePath) { $ModulePath = Split-Path (Split-Path $OutFile -Parent) -Parent }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath

$AllowedKeys = @('Synopsis', 'Description', 'Parameters', 'Examples', 'Notes', 'Links', 'Inputs', 'Outputs')

#region Reflection (child process)

function Get-CmdletMetadata {
    param([string] $Path)
    $json = Join-Path ([System.IO.Path]::GetTempPath()) ("alonzo-help-{0}.json" -f [guid]::NewGuid().ToString('N'))
    $quote = { param($s) "'" + ($s -replace "'", "''") + "'" }
    $script = @"
`$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
`$module = Import-Module -Name $(& $quote $Path) -PassThru -Force -DisableNameChecking
`$common = [System.Management.Automation.Cmdlet]::CommonParameters

function Get-FriendlyName([type] `$t, [switch] `$Full) {
    if (`$t.IsArray) { return (Get-FriendlyName `$t.GetElementType() -Full:`$Full) + '[]' }
    if (`$t.IsGenericType) {
        `$name = if (`$Full) { `$t.GetGenericTypeDefinition().FullName } else { `$t.Name }
        `$typeArgs = `$t.GetGenericArguments() | ForEach-Object { Get-FriendlyName `$_ -Full:`$Full }
        return (`$name -replace '``\d+$', '') + '[' + (`$typeArgs -join ', ') + ']'
    }
    if (`$Full) { `$t.FullName } else { `$t.Name }
}

function Get-DefaultText(`$instance, [string] `$name, [type] `$type) {
    if (`$type -eq [System.Management.Automation.SwitchParameter]) {
        if (`$null -ne `$instance -and `$instance.PSObject.Properties[`$name] -and `$instance.`$name.IsPresent) { return 'True' }
        return 'False'
    }
    if (`$null -eq `$instance -or -not `$instance.PSObject.Properties[`$name]) { return 'None' }
    `$value = try { `$instance.`$name } catch { `$null }
    if (`$null -eq `$value) { return 'None' }
    if (`$value -is [enum]) { return `$value.ToString() }
    if (`$value -is [bool]) { return `$value.ToString() }
    if (`$value -is [array]) { if (`$value.Count -eq 0) { return 'None' } return (`$value -join ', ') }
    if ((`$value -is [ValueType]) -and `$value -eq [Activator]::CreateInstance(`$value.GetType())) { return 'None' }
    return [string]`$value
}

`$cmdlets = foreach (`$cmd in @(`$module.ExportedCmdlets.Values | Sort-Object Name)) {
    `$type = `$cmd.ImplementingType
    `$attribute = `$type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], `$false) | Select-Object -First 1
    `$instance = try { [Activator]::CreateInstance(`$type) } catch { `$null }

    `$index = 0
    `$parameters = foreach (`$p in `$cmd.Parameters.Values) {
        if (`$common.Contains(`$p.Name)) { continue }
        `$index++
        `$property = `$type.GetProperty(`$p.Name)
        `$paramType = `$p.ParameterType
        `$elementType = if (`$paramType.IsArray) { `$paramType.GetElementType() } else { `$paramType }
        `$validValues = @()
        `$set = `$p.Attributes | Where-Object { `$_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        if (`$set) { `$validValues = @(`$set.ValidValues) }
        elseif (`$elementType.IsEnum) { `$validValues = @([enum]::GetNames(`$elementType)) }
        `$range = `$p.Attributes | Where-Object { `$_ -is [System.Management.Automation.ValidateRangeAttribute] } | Select-Object -First 1
        [ordered]@{
            Name          = `$p.Name
            Index         = `$index
            Type          = Get-FriendlyName `$paramType
            TypeFullName  = Get-FriendlyName `$paramType -Full
            IsSwitch      = `$p.SwitchParameter
            Aliases       = @(`$p.Aliases)
            Wildcards     = [bool](`$p.Attributes | Where-Object { `$_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            ValidValues   = `$validValues
            Range         = if (`$range -and `$null -ne `$range.MinRange) { @([string]`$range.MinRange, [string]`$range.MaxRange) } else { @() }
            Default       = Get-DefaultText `$instance `$p.Name `$paramType
            Inherited     = [bool](`$property -and `$property.DeclaringType -ne `$type)
            ShouldProcess = [System.Management.Automation.Cmdlet]::OptionalCommonParameters.Contains(`$p.Name)
        }
    }

    `$sets = foreach (`$s in `$cmd.ParameterSets) {
        [ordered]@{
            Name       = `$s.Name
            IsDefault  = `$s.IsDefault
            Parameters = @(foreach (`$sp in `$s.Parameters) {
                if (`$common.Contains(`$sp.Name)) { continue }
                [ordered]@{
                    Name           = `$sp.Name
                    Mandatory      = `$sp.IsMandatory
                    Position       = `$sp.Position
                    ByValue        = `$sp.ValueFromPipeline
                    ByPropertyName = `$sp.ValueFromPipelineByPropertyName
                    Remaining      = `$sp.ValueFromRemainingArguments
                }
            })
        }
    }

    [ordered]@{
        Name          = `$cmd.Name
        Verb          = `$cmd.Verb
        Noun          = `$cmd.Noun
        ImplementingType = `$type.FullName
        ShouldProcess = [bool](`$attribute -and `$attribute.SupportsShouldProcess)
        ConfirmImpact = if (`$attribute) { `$attribute.ConfirmImpact.ToString() } else { 'None' }
        OutputTypes   = @(`$cmd.OutputType | ForEach-Object { `$_.Name })
        Parameters    = @(`$parameters)
        ParameterSets = @(`$sets)
    }
}
ConvertTo-Json -InputObject @(`$cmdlets) -Depth 10 | Set-Content -LiteralPath $(& $quote $json) -Encoding utf8
"@

    # The same PowerShell as this one; run as 'dotnet pwsh', that is pwsh.dll under the dotnet host.
    $pwsh = (Get-Process -Id $PID).Path
    $pwshArgs = @('-NoProfile', '-NonInteractive', '-Command', $script)
    if ($pwsh -match 'dotnet(\.exe)?$') { $pwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) + $pwshArgs }
    $output = & $pwsh @pwshArgs 2>&1
    $exitCode = $LASTEXITCODE
    try {
        if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $json)) {
            throw "Could not read cmdlet metadata from '$Path' (exit code $exitCode): $($output -join [Environment]::NewLine)"
        }
        return @(Get-Content -LiteralPath $json -Raw | ConvertFrom-Json -AsHashtable)
    } finally {
        Remove-Item -LiteralPath $json -Force -ErrorAction SilentlyContinue
    }
}

#endregion

#region Help sources

function Read-HelpSource {
    param([string] $Path)
    try {
        Import-PowerShellDataFile -LiteralPath $Path
    } catch {
        throw "Help source '$Path' is not a valid PowerShell data file: $($_.Exception.Message)"
    }
}

# Removes the indentation common to all non-blank lines (here-strings in the sources may be indented).
function Format-Dedent {
    param([string] $Text)
    $lines = ($Text -replace "`r`n?", "`n").Split("`n")
    $indents = $lines | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length }
    $min = ($indents | Measure-Object -Minimum).Minimum
    if (-not $min) { $min = 0 }
    $lines = $lines | ForEach-Object { if ($_.Length -ge $min) { $_.Substring($min).TrimEnd() } else { $_.TrimEnd() } }
    ($lines -join "`n").Trim("`n")
}

# Paragraphs are separated by blank lines. Lines of a prose paragraph are joined (Get-Help wraps
# them); paragraphs that are lists or indented blocks keep their line breaks.
function ConvertTo-Paragraph {
    param([string] $Text)
    if ([string]::IsNullOrWhiteSpace($Text)) { return @() }
    $text = Format-Dedent $Text
    foreach ($block in ($text -split "\n[ \t]*\n")) {
        $lines = @($block.Split("`n") | Where-Object { $_.Trim() })
        if (-not $lines) { continue }
        $structured = $lines | Where-Object { $_ -match '^(\s+|[-*|]\s|\d+[.)]\s)' }
        if ($structured) { $lines -join "`n" } else { ($lines | ForEach-Object Trim) -join ' ' }
    }
}

function Get-Text {
    param($Value)
    if ($null -eq $Value) { return '' }
    if ($Value -is [array]) { return ($Value -join "`n`n") }
    return [string]$Value
}

#endregion

#region MAML writer

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Write-Element([System.Xml.XmlWriter] $W, [string] $Prefix, [string] $Name, [string] $Value) {
    $W.WriteElementString($Prefix, $Name, $ns[$Prefix], $Value)
}

function Write-Paragraphs([System.Xml.XmlWriter] $W, [string] $Prefix, [string] $Name, [string[]] $Paragraphs) {
    $W.WriteStartElement($Prefix, $Name, $ns[$Prefix])
    if (-not $Paragraphs) { Write-Element $W 'maml' 'para' '' }
    foreach ($p in $Paragraphs) { Write-Element $W 'maml' 'para' $p }
    $W.WriteEndElement()
}

function Get-PipelineText([bool] $ByValue, [bool] $ByPropertyName) {
    $kinds = @()
    if ($ByPropertyName) { $kinds += 'ByPropertyName' }
    if ($ByValue) { $kinds += 'ByValue' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter {
    param(
        [System.Xml.XmlWriter] $W,
        [hashtable] $Parameter,
        [bool] $Mandatory,
        [int] $Position,
        [bool] $ByValue,
        [bool] $ByPropertyName,
        [string[]] $Paragraphs,
        [switch] $InSyntax
    )
    $W.WriteStartElement('command', 'parameter', $ns.command)
    $W.WriteAttributeString('required', $Mandatory.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', $Parameter.Wildcards.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', (Get-PipelineText $ByValue $ByPropertyName))
    $W.WriteAttributeString('position', $(if ($Position -ge 0) { [string]$Position } else { 'named' }))
    $W.WriteAttributeString('aliases', $(if ($Parameter.Aliases) { $Parameter.Aliases -join ', ' } else { 'none' }))
    Write-Element $W 'maml' 'name' $Parameter.Name
    Write-Paragraphs $W 'maml' 'description' $Paragraphs
    if ($Parameter.ValidValues -and $InSyntax) {
        $W.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $Parameter.ValidValues) {
            $W.WriteStartElement('command', 'parameterValue', $ns.command)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $W.WriteString($v)
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    } elseif (-not ($InSyntax -and $Parameter.IsSwitch)) {
        # A switch shows as [-Force] in the syntax, and as -Force <SwitchParameter> in the details.
        $W.WriteStartElement('command', 'parameterValue', $ns.command)
        $W.WriteAttributeString('required', $(if ($Parameter.IsSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString($Parameter.Type)
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element $W 'maml' 'name' $Parameter.TypeFullName
    Write-Element $W 'maml' 'uri' ''
    $W.WriteEndElement()
    Write-Element $W 'dev' 'defaultValue' $Parameter.Default
    $W.WriteEndElement()
}

# Positional parameters by position, then mandatory ones, then the cmdlet's own, then the shared
# AWS parameters, then -WhatIf/-Confirm: the order Get-Help shows.
function Get-SortKey([hashtable] $SetParameter, [hashtable] $Parameter) {
    $group = if ($SetParameter.Position -ge 0) { 0 } elseif ($SetParameter.Mandatory) { 1 } elseif ($Parameter.ShouldProcess) { 4 } elseif ($Parameter.Inherited) { 3 } else { 2 }
    '{0}{1:D4}{2:D4}' -f $group, $(if ($SetParameter.Position -ge 0) { $SetParameter.Position } else { 0 }), $Parameter.Index
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $W, [hashtable] $Cmdlet, [hashtable] $Source, [hashtable] $Texts)

    $W.WriteStartElement('command', 'command', $ns.command)
    $W.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $W.WriteAttributeString('xmlns', 'command', $null, $ns.command)
    $W.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $W.WriteStartElement('command', 'details', $ns.command)
    Write-Element $W 'command' 'name' $Cmdlet.Name
    Write-Element $W 'command' 'verb' $Cmdlet.Verb
    Write-Element $W 'command' 'noun' $Cmdlet.Noun
    Write-Paragraphs $W 'maml' 'description' @(ConvertTo-Paragraph (Get-Text $Source['Synopsis']))
    $W.WriteEndElement()

    Write-Paragraphs $W 'maml' 'description' @(ConvertTo-Paragraph (Get-Text $Source['Description']))

    $byName = @{}
    foreach ($p in $Cmdlet.Parameters) { $byName[$p.Name] = $p }

    # Syntax: one item per parameter set, default set first, exactly as Get-Command reports them.
    $W.WriteStartElement('command', 'syntax', $ns.command)
    $sets = @($Cmdlet.ParameterSets | Sort-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $W.WriteStartElement('command', 'syntaxItem', $ns.command)
        Write-Element $W 'maml' 'name' $Cmdlet.Name
        $ordered = $set.Parameters | Sort-Object { Get-SortKey $_ $byName[$_.Name] }
        foreach ($sp in $ordered) {
            Write-Parameter -W $W -Parameter $byName[$sp.Name] -Mandatory $sp.Mandatory -Position $sp.Position `
                -ByValue $sp.ByValue -ByPropertyName $sp.ByPropertyName -Paragraphs $Texts[$sp.Name] -InSyntax
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    # Parameters: one entry each; mandatory when mandatory in every set it belongs to.
    $W.WriteStartElement('command', 'parameters', $ns.command)
    $entries = foreach ($p in $Cmdlet.Parameters) {
        $uses = @($sets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $p.Name })
        [pscustomobject]@{
            Parameter      = $p
            Mandatory      = ($uses.Count -gt 0) -and -not ($uses | Where-Object { -not $_.Mandatory })
            Position       = if ($uses) { ($uses | Select-Object -First 1).Position } else { -1 }
            ByValue        = [bool]($uses | Where-Object ByValue)
            ByPropertyName = [bool]($uses | Where-Object ByPropertyName)
        }
    }
    # Positional first, then the cmdlet's own alphabetically, then the shared ones, then -WhatIf/-Confirm.
    foreach ($e in ($entries | Sort-Object { (Get-SortKey @{ Position = $_.Position; Mandatory = $false } $_.Parameter).Substring(0, 5) }, { $_.Parameter.Name })) {
        $paragraphs = @($Texts[$e.Parameter.Name])
        if ($e.Parameter.Range) { $paragraphs += "Valid range: $($e.Parameter.Range[0]) to $($e.Parameter.Range[1])." }
        if ($e.Parameter.ValidValues) { $paragraphs += "Accepted values: $($e.Parameter.ValidValues -join ', ')." }
        Write-Parameter -W $W -Parameter $e.Parameter -Mandatory $e.Mandatory -Position $e.Position `
            -ByValue $e.ByValue -ByPropertyName $e.ByPropertyName -Paragraphs $paragraphs
    }
    $W.WriteEndElement()

    # Inputs: generated from the pipeline-bound parameters; the source may describe or add types.
    $inputTexts = [ordered]@{}
    foreach ($e in $entries | Where-Object { $_.ByValue -or $_.ByPropertyName }) {
        $names = @($e.Parameter.Name) + @($e.Parameter.Aliases)
        $how = @()
        if ($e.ByValue) { $how += "You can pipe a $($e.Parameter.Type) to -$($e.Parameter.Name)." }
        if ($e.ByPropertyName) { $how += "Objects with a property named $($names -join ' or ') bind to -$($e.Parameter.Name) by property name." }
        $key = $e.Parameter.TypeFullName
        $inputTexts[$key] = @(@($inputTexts[$key]) + $how | Where-Object { $_ })
    }
    if ($Source['Inputs']) { foreach ($k in $Source['Inputs'].Keys) { $inputTexts[$k] = @(ConvertTo-Paragraph (Get-Text $Source['Inputs'][$k])) } }
    if ($inputTexts.Count -eq 0) { $inputTexts['None'] = @('This cmdlet does not take pipeline input.') }
    $W.WriteStartElement('command', 'inputTypes', $ns.command)
    foreach ($k in $inputTexts.Keys) {
        $W.WriteStartElement('command', 'inputType', $ns.command)
        $W.WriteStartElement('dev', 'type', $ns.dev); Write-Element $W 'maml' 'name' $k; $W.WriteEndElement()
        Write-Paragraphs $W 'maml' 'description' @($inputTexts[$k])
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    # Outputs: the [OutputType] types; [OutputType(typeof(void))] is shown as None.
    $W.WriteStartElement('command', 'returnValues', $ns.command)
    foreach ($t in $Cmdlet.OutputTypes) {
        $name = if ($t -eq 'System.Void') { 'None' } else { $t }
        $text = $null
        if ($Source['Outputs']) {
            foreach ($k in $Source['Outputs'].Keys) { if ($k -eq $t -or $k -eq $name -or $t.EndsWith(".$k")) { $text = $Source['Outputs'][$k] } }
        }
        if (-not $text -and $name -eq 'None') { $text = 'This cmdlet writes no objects to the pipeline.' }
        $W.WriteStartElement('command', 'returnValue', $ns.command)
        $W.WriteStartElement('dev', 'type', $ns.dev); Write-Element $W 'maml' 'name' $name; $W.WriteEndElement()
        Write-Paragraphs $W 'maml' 'description' @(ConvertTo-Paragraph (Get-Text $text))
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    if ($Source['Notes']) {
        $W.WriteStartElement('maml', 'alertSet', $ns.maml)
        $W.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($p in ConvertTo-Paragraph (Get-Text $Source['Notes'])) { Write-Element $W 'maml' 'para' $p }
        $W.WriteEndElement()
        $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $ns.command)
    $n = 0
    foreach ($example in @($Source['Examples'] | Where-Object { $null -ne $_ })) {
        if ($example -isnot [hashtable]) { continue }
        $n++
        $W.WriteStartElement('command', 'example', $ns.command)
        Write-Element $W 'maml' 'title' ("--------- Example {0}: {1} ---------" -f $n, (Get-Text $example['Title']).Trim())
        Write-Element $W 'dev' 'code' (Format-Dedent (Get-Text $example['Code']))
        Write-Paragraphs $W 'dev' 'remarks' @(ConvertTo-Paragraph (Get-Text $example['Remarks']))
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($link in @($Source['Links'])) {
        if (-not $link) { continue }
        $W.WriteStartElement('maml', 'navigationLink', $ns.maml)
        if ($link -match '^https?://') {
            Write-Element $W 'maml' 'linkText' 'Online version:'
            Write-Element $W 'maml' 'uri' $link
        } else {
            Write-Element $W 'maml' 'linkText' $link
            Write-Element $W 'maml' 'uri' ''
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

$metadata = Get-CmdletMetadata -Path $ModulePath
$problems = [System.Collections.Generic.List[string]]::new()

$commonPath = Join-Path $HelpSource '_common.psd1'
$commonTexts = @{}
if (Test-Path -LiteralPath $commonPath) {
    $common = Read-HelpSource $commonPath
    if ($common.ContainsKey('Parameters')) { $commonTexts = $common.Parameters }
}

$documents = foreach ($cmdlet in $metadata) {
    $path = Join-Path $HelpSource "$($cmdlet.Name).psd1"
    $relative = [System.IO.Path]::GetRelativePath((Split-Path $PSScriptRoot -Parent), $path) -replace '\\', '/'
    $source = @{}
    if (-not (Test-Path -LiteralPath $path)) {
        $problems.Add("$($cmdlet.Name) has no help source: create $relative (see module/help/New-AlonzoStream.psd1).")
    } else {
        try {
            $source = Read-HelpSource $path
        } catch {
            $problems.Add($_.Exception.Message)
            $source = @{}
        }
        foreach ($key in $source.Keys) {
            if ($key -notin $AllowedKeys) { $problems.Add("${relative}: unknown key '$key' (allowed: $($AllowedKeys -join ', ')).") }
        }
        foreach ($key in 'Synopsis', 'Description') {
            if ([string]::IsNullOrWhiteSpace((Get-Text $source[$key]))) { $problems.Add("${relative}: $key is missing or empty.") }
        }
        $i = 0
        foreach ($example in @($source['Examples'] | Where-Object { $null -ne $_ })) {
            $i++
            if ($example -isnot [hashtable]) { $problems.Add("${relative}: example $i is not a hashtable @{ Title = ...; Code = ...; Remarks = ... }."); continue }
            foreach ($key in $example.Keys) { if ($key -notin 'Title', 'Code', 'Remarks') { $problems.Add("${relative}: example $i has an unknown key '$key'.") } }
            foreach ($key in 'Title', 'Code') { if ([string]::IsNullOrWhiteSpace((Get-Text $example[$key]))) { $problems.Add("${relative}: example $i has no $key.") } }
        }
        foreach ($key in 'Parameters', 'Inputs', 'Outputs') {
            if ($source.ContainsKey($key) -and $source[$key] -isnot [hashtable]) { $problems.Add("${relative}: $key must be a hashtable.") ; $source.Remove($key) }
        }
    }

    $sourceTexts = if ($source['Parameters']) { $source['Parameters'] } else { @{} }
    $texts = @{}
    foreach ($p in $cmdlet.Parameters) {
        $text = Get-Text $sourceTexts[$p.Name]
        if ([string]::IsNullOrWhiteSpace($text)) { $text = Get-Text $commonTexts[$p.Name] }
        if ([string]::IsNullOrWhiteSpace($text)) {
            if (Test-Path -LiteralPath $path) { $problems.Add("$($cmdlet.Name): parameter -$($p.Name) has no text; add it to Parameters in $relative.") }
            $texts[$p.Name] = @()
        } else {
            $texts[$p.Name] = @(ConvertTo-Paragraph $text)
        }
    }
    foreach ($name in $sourceTexts.Keys) {
        if (-not ($cmdlet.Parameters | Where-Object Name -EQ $name)) {
            $problems.Add("${relative}: documents -$name, but $($cmdlet.Name) has no such parameter.")
        }
    }
    # Without a source the cmdlet is left out, so Get-Help falls back to its generated syntax-only help.
    if (Test-Path -LiteralPath $path) { @{ Cmdlet = $cmdlet; Source = $source; Texts = $texts } }
}

# Sources whose cmdlet is not exported (yet) are not an error: the cmdlet may still be in progress.
$exported = @($metadata | ForEach-Object Name)
Get-ChildItem -LiteralPath $HelpSource -Filter '*.psd1' | Where-Object { $_.BaseName -ne '_common' -and $_.BaseName -notin $exported } | ForEach-Object {
    Write-Warning "Help source $($_.Name) has no exported cmdlet named $($_.BaseName); it is not in the help file."
}

$directory = Split-Path $OutFile -Parent
if (-not (Test-Path -LiteralPath $directory)) { New-Item -ItemType Directory -Path $directory -Force | Out-Null }
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', $ns.msh)
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($d in $documents) { Write-CommandHelp -W $writer -Cmdlet $d.Cmdlet -Source $d.Source -Texts $d.Texts }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
} finally {
    $writer.Dispose()
}

if ($problems.Count -gt 0) {
    $message = "Help is incomplete ($($problems.Count) problem(s)):`n  " + ($problems -join "`n  ")
    if ($WarnOnly) { Write-Warning $message }
    else { throw "$message`nWhile help is being written, set ALONZO_HELP_WARN_ONLY=1 to build anyway (the Help Pester tests then list what is missing)." }
}
Write-Verbose "Wrote help for $(@($documents).Count) cmdlet(s) to $OutFile."
