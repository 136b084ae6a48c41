#Requires -Version 7.0
# New-AlonzoPackage end to end through the built module. Local files only: no emulator, no network.

BeforeAll {
    $script:ModulePath = if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' }
    Import-Module $script:ModulePath -Force
    $env:AWS_ACCESS_KEY_ID = 'testing'
    $env:AWS_SECRET_ACCESS_KEY = 'testing'
    $env:AWS_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    Add-Type -AssemblyName System.IO.Compression.FileSystem


    function New-FunctionFolder([string] $Name) {
        $root = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path (Join-Path $root 'lib/__pycache__') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $root 'lambda_function.py') -Value "import json`n`ndef handler(event, context):`n    return event" -NoNewline
        Set-Content -LiteralPath (Join-Path $root 'lib/helpers.py') -Value (('def f(x): return x * 2' + "`n") * 200) -NoNewline
        Set-Content -LiteralPath (Join-Path $root 'lib/__pycache__/helpers.cpython-312.pyc') -Value 'junk' -NoNewline
        Set-Content -LiteralPath (Join-Path $root 'README.md') -Value 'docs' -NoNewline
        $root
    }

    function Get-ZipNames([string] $Path) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
    }

    function Get-Sha256Base64([string] $Path) {
        [Convert]::ToBase64String([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($Path)))
    }
}

Describe 'New-AlonzoPackage' {
    BeforeEach {
        $env:ALONZO_PACKAGE_CACHE = Join-Path $TestDrive ('cache-' + [guid]::NewGuid().ToString('N'))
    }

    AfterAll {
        Remove-Item Env:ALONZO_PACKAGE_CACHE -ErrorAction SilentlyContinue
    }

    It 'packages a folder into the cache, named by content hash, and reuses it on the next run' {
        $fn = New-FunctionFolder 'happy'
        $package = New-AlonzoPackage -Path $fn -Handler lambda_function.handler -Runtime python3.12

        $package.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoPackage'
        $package.Path | Should -Exist
        (Split-Path $package.Path -Parent) | Should -Be $env:ALONZO_PACKAGE_CACHE
        $hex = [Convert]::ToHexString([Convert]::FromBase64String($package.CodeSha256)).ToLowerInvariant()
        (Split-Path $package.Path -Leaf) | Should -Be "$hex.zip"
        $package.CodeSha256 | Should -Be (Get-Sha256Base64 $package.Path)
        $package.Size | Should -Be (Get-Item $package.Path).Length
        $package.FileCount | Should -Be 3
        $package.SourcePath | Should -Be $fn
        $package.Handler | Should -Be 'lambda_function.handler'
        $package.Runtime | Should -Be 'python3.12'
        $package.ExceedsDirectUploadLimit | Should -BeFalse
        Get-ZipNames $package.Path | Should -Be @('README.md', 'lambda_function.py', 'lib/helpers.py')

        # Newer timestamps change nothing: same bytes, same cached file, nothing added to the cache.
        (Get-Item (Join-Path $fn 'lib/helpers.py')).LastWriteTime = (Get-Date).AddDays(3)
        $again = New-AlonzoPackage $fn
        $again.CodeSha256 | Should -Be $package.CodeSha256
        $again.Path | Should -Be $package.Path
        @(Get-ChildItem $env:ALONZO_PACKAGE_CACHE -Force).Count | Should -Be 1
    }

    It 'resolves relative paths from the current location and honours -Exclude' {
        $fn = New-FunctionFolder 'relative'
        Push-Location $TestDrive
        try {
            $package = New-AlonzoPackage ./relative -OutFile ./out/relative.zip -Exclude '*.md'
        } finally {
            Pop-Location
        }
        $package.Path | Should -Be (Join-Path $TestDrive 'out/relative.zip')
        Get-ZipNames $package.Path | Should -Be @('lambda_function.py', 'lib/helpers.py')
    }

    It 'stores executables as 0755 and other files as 0644, readable by Python zipfile' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'Windows has no POSIX file modes (chmod) to package'; return }
        $fn = New-FunctionFolder 'modes'
        Set-Content -LiteralPath (Join-Path $fn 'bootstrap') -Value "#!/bin/sh`necho hi" -NoNewline
        chmod 755 (Join-Path $fn 'bootstrap')
        $package = New-AlonzoPackage $fn -OutFile (Join-Path $TestDrive 'modes.zip')

        & python3 -m zipfile -t $package.Path | Out-Null
        $LASTEXITCODE | Should -Be 0
        $modes = & python3 -c @'
import sys, zipfile
for info in zipfile.ZipFile(sys.argv[1]).infolist():
    print(f"{info.filename} {info.external_attr >> 16:o} {info.date_time[0]}")
'@ $package.Path
        $modes | Should -Contain 'bootstrap 100755 1980'
        $modes | Should -Contain 'lambda_function.py 100644 1980'
    }

    It 'builds one package from Get-ChildItem pipeline input, equal to packaging the folder' {
        $fn = New-FunctionFolder 'pipeline'
        $folder = New-AlonzoPackage $fn
        $piped = Get-ChildItem $fn | New-AlonzoPackage
        @($piped).Count | Should -Be 1
        $piped.CodeSha256 | Should -Be $folder.CodeSha256

        $recursive = Get-ChildItem $fn -Recurse -File -Filter *.py | New-AlonzoPackage -OutFile (Join-Path $TestDrive 'py.zip')
        Get-ZipNames $recursive.Path | Should -Be @('lambda_function.py', 'lib/helpers.py')
    }

    It '-WhatIf writes nothing' {
        $fn = New-FunctionFolder 'whatif'
        $out = Join-Path $TestDrive 'whatif.zip'
        $result = New-AlonzoPackage $fn -OutFile $out -WhatIf
        $result | Should -BeNullOrEmpty
        $out | Should -Not -Exist
        New-AlonzoPackage $fn -WhatIf | Should -BeNullOrEmpty
        $env:ALONZO_PACKAGE_CACHE | Should -Not -Exist
    }

    It 'keeps an identical -OutFile, refuses to replace a different one without -Force' {
        $fn = New-FunctionFolder 'force'
        $out = Join-Path $TestDrive 'force.zip'
        $first = New-AlonzoPackage $fn -OutFile $out
        New-AlonzoPackage $fn -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        $err | Should -BeNullOrEmpty

        Set-Content -LiteralPath (Join-Path $fn 'lambda_function.py') -Value 'def handler(e, c): return 2'
        New-AlonzoPackage $fn -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutFileExists,*'
        Get-Sha256Base64 $out | Should -Be $first.CodeSha256

        $replaced = New-AlonzoPackage $fn -OutFile $out -Force
        $replaced.CodeSha256 | Should -Not -Be $first.CodeSha256
        Get-Sha256Base64 $out | Should -Be $replaced.CodeSha256
    }

    Context 'errors' {
        It 'PathNotFound (ObjectNotFound) for each missing path, and no package' {
            $fn = New-FunctionFolder 'missing'
            $out = Join-Path $TestDrive 'missing.zip'
            $result = New-AlonzoPackage (Join-Path $TestDrive 'nope'), $fn, (Join-Path $TestDrive 'nope2') -OutFile $out -ErrorVariable err -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $err.Count | Should -Be 2
            $err[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be (Join-Path $TestDrive 'nope')
            $out | Should -Not -Exist
        }

        It 'EmptyPackage when everything is excluded' {
            $fn = New-FunctionFolder 'empty'
            New-AlonzoPackage $fn -Exclude '*.py', '*.md' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'EmptyPackage,*'
            $err[0].Exception.Message | Should -BeLike '*excluded*'
        }

        It 'LinkOutsideFolder names the link and its target' {
            if ($IsWindows) { Set-ItResult -Skipped -Because 'symbolic links need administrator rights or developer mode on Windows'; return }
            $fn = New-FunctionFolder 'link'
            $secret = Join-Path $TestDrive 'secret.txt'
            Set-Content -LiteralPath $secret -Value 'not for shipping'
            New-Item -ItemType SymbolicLink -Path (Join-Path $fn 'lib/leak.txt') -Target $secret | Out-Null
            New-Item -ItemType SymbolicLink -Path (Join-Path $fn 'inside.py') -Target (Join-Path $fn 'lambda_function.py') | Out-Null

            New-AlonzoPackage $fn -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LinkOutsideFolder,*'
            $err[0].Exception.Message | Should -BeLike '*lib/leak.txt*'
            $err[0].Exception.Message | Should -BeLike "*$secret*"

            # Excluding the link lets the rest through; the link inside is stored as its target.
            $package = New-AlonzoPackage $fn -Exclude 'leak.txt'
            Get-ZipNames $package.Path | Should -Contain 'inside.py'
        }

        It 'HandlerNotFound lists the nearest candidates' {
            $fn = New-FunctionFolder 'handler'
            New-AlonzoPackage $fn -Handler lambda_functon.handler -Runtime python3.12 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HandlerNotFound,*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -BeLike "*'lambda_function.py' (-Handler lambda_function.handler)*"

            New-AlonzoPackage $fn -Handler index.handler -Runtime nodejs22.x -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'HandlerNotFound,*'

            # Runtimes whose handlers cannot be checked from the files only get a Verbose note.
            $verbose = New-AlonzoPackage $fn -Handler 'Example::Handler' -Runtime java21 -Verbose 4>&1
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "The handler 'Example::Handler' was not checked: runtime 'java21' finds its handler in compiled code or a bootstrap file, which a file listing cannot prove."
        }
    }
}
