#Requires -Version 7.0
# Help and cmdlet conventions of the built module, checked for every exported cmdlet (new ones are
# picked up automatically): complete help whose syntax matches the real parameter sets, truthful
# about topics, and the conventions of the cmdlet classes. No AWS calls, no emulator.

BeforeDiscovery {
    $modulePath = if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' }
    $module = Import-Module $modulePath -PassThru -Force
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    $shouldProcessVerbs = 'New', 'Remove', 'Set', 'Add', 'Publish', 'Write', 'Grant', 'Invoke'

    $cmdletCases = @(foreach ($command in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
            @{
                Name                = $command.Name
                Parameters          = @($command.Parameters.Keys | Where-Object { -not $common.Contains($_) } | Sort-Object)
                NeedsShouldProcess  = $command.Verb -in $shouldProcessVerbs
                NeedsHighImpact     = $command.Verb -eq 'Remove'
            }
        })
}

BeforeAll {
    $script:ModulePath = if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' }
    $script:Module = Import-Module $script:ModulePath -PassThru -Force
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
    $script:HelpSourceDir = Join-Path $script:RepoRoot 'module/help'
    $script:CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters

    # Get-Help generates a syntax-only help object when no MAML describes the command; its synopsis
    # is the syntax and it has no description.
    function script:Test-AuthoredHelp([string] $Name) {
        $help = Get-Help $Name -Full
        $synopsis = "$($help.Synopsis)".Trim()
        $description = ($help.description | ForEach-Object Text) -join ''
        return $synopsis -and $synopsis -notlike "$Name *" -and $synopsis -ne $Name -and $description.Trim()
    }

    function script:Get-PositionText([int] $Position) {
        if ($Position -lt 0) { 'named' } else { [string]$Position }
    }
}

Describe 'Help coverage' {
    It 'writes the MAML help file into the module' {
        $file = Join-Path $script:ModulePath 'en-US/Alonzo.dll-Help.xml'
        $file | Should -Exist
        { [xml](Get-Content $file -Raw) } | Should -Not -Throw
    }

    It 'has a help source and authored help for every exported cmdlet' {
        $missing = foreach ($name in ($script:Module.ExportedCmdlets.Keys | Sort-Object)) {
            $source = Join-Path $script:HelpSourceDir "$name.psd1"
            if (-not (Test-Path $source)) { "$name (no module/help/$name.psd1)" }
            elseif (-not (Test-AuthoredHelp $name)) { "$name (help source exists but Get-Help shows generated help)" }
        }
        $missing | Should -BeNullOrEmpty -Because "every exported cmdlet needs module/help/<Verb-Noun>.psd1; lacking: $($missing -join ', ')"
    }
}

Describe 'Help of <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
    }

    It 'has a synopsis' {
        Test-AuthoredHelp $Name | Should -BeTrue -Because "Get-Help $Name must come from module/help/$Name.psd1, not be generated"
        "$($help.Synopsis)".Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has a description' {
        (($help.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least 2 examples, each with code' {
        $examples = @($help.examples.example | Where-Object { $_ })
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { "$($example.code)".Trim() | Should -Not -BeNullOrEmpty }
    }

    It 'describes -<_>' -ForEach $Parameters {
        $parameterName = $_
        $entry = @($help.parameters.parameter | Where-Object { $_.name -eq $parameterName })
        $entry.Count | Should -Be 1 -Because "Get-Help $Name -Parameter $parameterName must exist"
        (($entry[0].description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'shows a syntax that matches the parameter sets of Get-Command' {
        $syntaxItems = @($help.syntax.syntaxItem)
        $sets = @($command.ParameterSets)
        $syntaxItems.Count | Should -Be $sets.Count -Because 'Get-Help shows one syntax per parameter set'

        $unmatched = @($syntaxItems)
        foreach ($set in $sets) {
            $expected = @($set.Parameters | Where-Object { -not $script:CommonParameters.Contains($_.Name) })
            $expectedNames = ($expected.Name | Sort-Object) -join ','
            $item = $unmatched | Where-Object { (@($_.parameter.name) | Sort-Object) -join ',' -eq $expectedNames } | Select-Object -First 1
            $item | Should -Not -BeNullOrEmpty -Because "parameter set '$($set.Name)' ($expectedNames) must appear in Get-Help's syntax"
            $unmatched = @($unmatched | Where-Object { $_ -ne $item })

            foreach ($p in $expected) {
                $shown = $item.parameter | Where-Object name -EQ $p.Name
                $shown.required | Should -Be $p.IsMandatory.ToString().ToLowerInvariant() -Because "-$($p.Name) in set '$($set.Name)'"
                $shown.position | Should -Be (Get-PositionText $p.Position) -Because "-$($p.Name) in set '$($set.Name)'"
                $pipeline = $shown.pipelineInput
                if ($p.ValueFromPipeline) { $pipeline | Should -Match 'ByValue' -Because "-$($p.Name) takes pipeline input by value" }
                if ($p.ValueFromPipelineByPropertyName) { $pipeline | Should -Match 'ByPropertyName' -Because "-$($p.Name) takes pipeline input by property name" }
                if (-not ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName)) { $pipeline | Should -Be 'False' }
            }
        }
    }

    It 'shows the aliases and types of Get-Command' {
        foreach ($name in $Parameters) {
            $metadata = $command.Parameters[$name]
            $shown = $help.parameters.parameter | Where-Object name -EQ $name
            $aliases = if ($metadata.Aliases.Count) { ($metadata.Aliases | Sort-Object) -join ',' } else { 'none' }
            ((($shown.aliases -split ',\s*') | Sort-Object) -join ',') | Should -Be $aliases -Because "aliases of -$name"
            if (-not $metadata.ParameterType.IsGenericType) {
                $shown.type.name | Should -Be $metadata.ParameterType.FullName -Because "type of -$name"
            }
        }
    }

    It 'declares a non-empty OutputType' {
        @($command.OutputType).Count | Should -BeGreaterThan 0
        @($command.OutputType | Where-Object { $_.Name }).Count | Should -Be @($command.OutputType).Count
    }

    It 'is a sealed class' {
        $command.ImplementingType.IsSealed | Should -BeTrue -Because "$($command.ImplementingType.FullName) must be sealed"
    }

    if ($NeedsShouldProcess) {
        It 'supports ShouldProcess' {
            $attribute.SupportsShouldProcess | Should -BeTrue -Because "$Name changes resources"
            $command.Parameters.Keys | Should -Contain 'WhatIf'
        }
    }

    if ($NeedsHighImpact) {
        It 'has ConfirmImpact High' {
            $attribute.ConfirmImpact | Should -Be ([System.Management.Automation.ConfirmImpact]::High)
        }
    }
}

Describe 'About topics' {
    It 'Get-Help about_Alonzo shows the topic' {
        $topic = Get-Help about_Alonzo
        $topic | Should -Not -BeNullOrEmpty
        $topic.Category | Should -Be 'HelpFile'
        ($topic | Out-String) | Should -Match 'about_Alonzo' 
        ($topic | Out-String) | Should -Match 'AWS_ENDPOINT_URL_<SERVICE>'
    }

    It 'Get-Help about_Alonzo_Errors shows the topic' {
        $topic = Get-Help about_Alonzo_Errors
        $topic.Category | Should -Be 'HelpFile'
        ($topic | Out-String) | Should -Match 'StreamNotFound'
    }

    It 'marks as (planned) exactly the workflow cmdlets the module does not export' {
        $text = Get-Content (Join-Path $script:ModulePath 'en-US/about_Alonzo.help.txt')
        $start = [array]::IndexOf($text, 'THE WORKFLOW')
        $start | Should -BeGreaterThan 0
        $section = $text[($start + 1)..($text.Count - 1)]
        $section = $section[0..([array]::FindIndex($section, [Predicate[string]] { param($l) $l -match '^\S' }) - 1)]
        $steps = foreach ($line in $section) {
            if ($line -match '^\s{8}(?<name>[A-Z][a-z]+-Alonzo\w+)\s{2,}(?<text>.*)$') {
                [pscustomobject]@{ Name = $Matches.name; Planned = $Matches.text -match '^\(planned\)' }
            }
        }
        @($steps).Count | Should -BeGreaterOrEqual 7
        $exported = @($script:Module.ExportedCmdlets.Keys)
        $wrong = foreach ($s in $steps) {
            if ($s.Planned -and $s.Name -in $exported) { "$($s.Name) is exported but marked (planned)" }
            if (-not $s.Planned -and $s.Name -notin $exported) { "$($s.Name) is not exported but not marked (planned)" }
        }
        $wrong | Should -BeNullOrEmpty -Because ($wrong -join '; ')
    }

    It 'about_Alonzo_Errors lists every error id the source code raises' {
        $src = Join-Path $script:RepoRoot 'src'
        if (-not (Test-Path $src)) { Set-ItResult -Skipped -Because 'needs the repository checkout (src next to tests); an installed module has no sources'; return }
        $files = Get-ChildItem $src -Recurse -Filter *.cs | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        $ids = [System.Collections.Generic.SortedSet[string]]::new()
        foreach ($file in $files) {
            $code = Get-Content $file.FullName -Raw
            # Engine failures: the first argument of every Alonzo exception is its error id.
            foreach ($m in [regex]::Matches($code, 'new\s+(?!AwsConfiguration)\w+Exception\(\s*"(?<id>[A-Z]\w+)"')) { [void]$ids.Add($m.Groups['id'].Value) }
            foreach ($m in [regex]::Matches($code, 'ThrowParameterError\(\s*"(?<id>[A-Z]\w+)"')) { [void]$ids.Add($m.Groups['id'].Value) }
        }
        # The wire and session failures mapped in ErrorRecords.cs (AwsConflict.<Code> and the like).
        $records = Get-Content (Join-Path $src 'Alonzo/Commands/ErrorRecords.cs') -Raw
        foreach ($m in [regex]::Matches($records, '"(?<id>[A-Z][A-Za-z]+\.?)"')) {
            if ($m.Groups['id'].Value -notin 'Credentials', 'Region', 'Endpoint', 'Retry') { [void]$ids.Add($m.Groups['id'].Value) }
        }
        $ids.Count | Should -BeGreaterThan 10

        $topic = Get-Content (Join-Path $script:ModulePath 'en-US/about_Alonzo_Errors.help.txt') -Raw
        $undocumented = @($ids | Where-Object { $topic -notmatch ('(?m)^\s{4}' + [regex]::Escape($_)) })
        $undocumented | Should -BeNullOrEmpty -Because "add a row to module/en-US/about_Alonzo_Errors.help.txt for: $($undocumented -join ', ')"
    }
}
