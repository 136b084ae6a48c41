@{
    Synopsis    = 'Builds a deterministic Lambda deployment zip from a folder or a list of files.'

    Description = @'
New-AlonzoPackage zips a function's code and dependencies the way Lambda wants them, and so that the same files always give the same zip, byte for byte. The zip's CodeSha256 (base64 of the SHA-256 of its bytes, exactly as Lambda reports it for a function) therefore changes only when the code changes, which is how Publish-AlonzoFunction skips uploading unchanged code.

What makes the zip deterministic: entries are sorted by path (ordinal, with forward slashes); every entry has the timestamp 1980-01-01 00:00:00 whatever the files' times; permissions are normalised to 0644, or 0755 for files with any execute bit (on Windows, where there are no execute bits, files named bootstrap, *.sh and files under a bin folder are 0755); no owners, extra fields or comments are stored; folders are not stored as entries (Lambda creates them from the file paths, so empty folders are left out). Files are compressed with deflate unless that does not make them smaller, then stored. The same files give the same bytes on the same PowerShell version; another .NET version may compress differently, which only means one more upload.

A single folder is packaged as its contents (the folder's files at the root of the zip). Several paths, files or folders, are named relative to their deepest common folder; pipeline input is collected and one zip is built at the end, so Get-ChildItem output works. Relative paths are resolved from the current location, and ~ and PowerShell drives work.

These are always left out: .git/, .hg/, .svn/, __pycache__/, *.pyc, *.pyo, .DS_Store, Thumbs.db and node_modules/.cache/ (virtual environments and node_modules are kept: they can be what the function needs). -Exclude adds patterns with .gitignore rules. The zip being written is never packaged into itself.

Symbolic links that point inside the packaged folder are followed and stored as the file or folder they point to. A link that points outside the folder is refused with the error LinkOutsideFolder, naming the link and its target, so nothing from elsewhere on the machine is shipped by accident; exclude the link or copy its target into the folder. A link to nothing fails with BrokenLink, and a link to a folder that contains it with LinkCycle.

With -Handler and -Runtime the command checks that the handler's file is in the package: for python3.x, app.main.handler needs app/main.py (or app/main/__init__.py); for nodejs, src/index.handler needs src/index.js, .mjs or .cjs. When it is missing, the error HandlerNotFound lists the nearest files with the -Handler value that would name them. Java, .NET, Ruby and custom (provided) runtimes are not checked; the Verbose stream says so.

Without -OutFile the zip is written to a cache folder (ALONZO_PACKAGE_CACHE, or alonzo/packages in the temp folder) under a name made of its SHA-256, so building the same code again reuses the same file instead of adding another; cache files unused for 7 days are deleted. With -OutFile, an existing file that already holds exactly this package is left alone; a different one is replaced only with -Force, otherwise the command fails with OutFileExists. The zip is written to a temporary file first and renamed, so a failed or stopped run never leaves a half-written package.

Errors (non-terminating, with the path as target object): PathNotFound (ObjectNotFound) for each path that does not exist, after which no package is built; EmptyPackage when nothing is left to package; LinkOutsideFolder, BrokenLink, LinkCycle; HandlerNotFound (ObjectNotFound) and InvalidHandler; OutFileExists; PackageTooLarge beyond what a zip without ZIP64 holds (Lambda's own limit, 250 MB unzipped, is far lower; a warning says so above 250 MB).

The command works on local files only and makes no AWS calls. Files are read and compressed in parallel. Use -Verbose to see what was excluded and why, the handler check, and where the zip was written.
'@

    Parameters  = @{
        Path        = @'
The folder to package, or the files and folders to put in the package. One folder is packaged as its contents; several paths are named relative to their deepest common folder. Accepts pipeline input by value (strings) and by the property FullName, so file and folder objects from Get-ChildItem bind. Wildcards are not expanded: use Get-ChildItem to select files.
'@
        OutFile     = @'
The zip file to write. Relative paths are resolved from the current location. When the file exists and holds exactly this package it is left alone; when it holds something else, -Force is needed to replace it. When omitted, the zip goes to the package cache folder under a name made of its SHA-256.
'@
        Exclude     = @'
Patterns of files and folders to leave out, in addition to the always-excluded ones, with .gitignore rules: a pattern without a slash matches a name at any depth (*.md, tests); a pattern with a slash is anchored at the package root (docs/build, /setup.py); a trailing slash matches folders only (docs/); * and ? stay within one name, ** spans folders (tests/**, **/fixtures); [abc] is a character class; a leading ! re-includes what an earlier pattern excluded (*.md, !README.md). Matching is case-sensitive except on Windows.
'@
        Handler     = @'
The function's handler, such as lambda_function.lambda_handler (Python) or index.handler (Node.js). Together with -Runtime it is checked against the package (see the description), and it is passed on in the output object for Publish-AlonzoFunction.
'@
        Runtime     = @'
The function's runtime, such as python3.13 or nodejs22.x. Decides how -Handler is checked; runtimes other than python and nodejs are not checked. Press Tab to complete runtime names.
'@
        Force       = @'
Replace an existing -OutFile that holds a different package. Without it, the command fails with OutFileExists and leaves the file alone. An existing file with exactly the same bytes is never rewritten.
'@
        Region      = @'
Not used by this command, which works on local files only. Accepted, like the other common Alonzo parameters, so that one splatted set of parameters works for every Alonzo command.
'@
        ProfileName = @'
Not used by this command, which works on local files only. Accepted so that one splatted set of parameters works for every Alonzo command.
'@
        EndpointUrl = @'
Not used by this command, which works on local files only. Accepted so that one splatted set of parameters works for every Alonzo command.
'@
        Credential  = @'
Not used by this command, which works on local files only. Accepted so that one splatted set of parameters works for every Alonzo command.
'@
        WhatIf      = @'
Shows which zip would be written, from which folder, with how many files, without writing anything. The folder is still read, so missing paths, links leading outside the folder and a missing handler are reported as errors.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoPackage' = @'
The package: Path (the zip), Size (bytes), FileCount, UncompressedSize, CodeSha256 (base64 SHA-256 of the zip, as Lambda reports it), SourcePath (the folder packaged, or the common folder of the listed files), Handler, Runtime, and ExceedsDirectUploadLimit (true above 52,428,800 bytes, Lambda's 50 MB limit for a zip sent in the request; larger zips must go through S3). The table view marks such sizes with a star.
'@
    }

    Examples    = @(
        @{
            Title   = 'Package a function folder'
            Code    = @'
PS> New-AlonzoPackage ./src/processor -Handler lambda_function.lambda_handler -Runtime python3.13

 Files      Size CodeSha256                                   Handler                                         Path
 -----      ---- ----------                                   -------                                         ----
    12   48.2 KB 0Xm3VXr1N4h2kR8q0uOe5h8gqQ0r7m6mM2Yx0bS4uWk= lambda_function.lambda_handler (python3.13)     /tmp/alonzo/packages/d179b7…d.zip
'@
            Remarks = 'The folder''s contents are at the root of the zip. Running the command again without changes returns the same CodeSha256 and the same cached file.'
        }
        @{
            Title   = 'Write the zip to a chosen file and leave out documentation and tests'
            Code    = @'
PS> New-AlonzoPackage ./fn -OutFile ./dist/fn.zip -Exclude '*.md', 'tests/', 'docs/**' -Force
'@
            Remarks = '-Force replaces dist/fn.zip if it holds an older package; an identical one is left untouched.'
        }
        @{
            Title   = 'Package selected files from the pipeline'
            Code    = @'
PS> Get-ChildItem ./fn -Recurse -File -Include *.py, *.json | New-AlonzoPackage -OutFile ./fn.zip
'@
            Remarks = 'All piped files go into one zip, named relative to their common folder (./fn here). Folders piped in are packaged with their contents.'
        }
        @{
            Title   = 'Catch a handler that does not match the code'
            Code    = @'
PS> New-AlonzoPackage ./fn -Handler app.handler -Runtime python3.12
New-AlonzoPackage: The handler 'app.handler' (python3.12) needs 'app.py' (or 'app/__init__.py') in the package, and it is not there. Nearest candidates: 'src/app.py' (-Handler src.app.handler).
'@
            Remarks = 'The error id is HandlerNotFound. Nothing is written when the check fails.'
        }
        @{
            Title   = 'See what would be packaged without writing anything'
            Code    = @'
PS> New-AlonzoPackage ./fn -WhatIf -Verbose
'@
            Remarks = 'The Verbose stream lists each excluded file or folder with the pattern that excluded it, and the number of files and bytes to package.'
        }
    )

    Notes       = @'
Lambda limits: a zip sent directly in CreateFunction or UpdateFunctionCode may be at most 50 MB (52,428,800 bytes); larger zips are uploaded to S3 first. The unzipped code, layers included, may be at most 250 MB (262,144,000 bytes).

On Unix the execute bits come from the files; make a custom runtime's bootstrap executable (chmod +x bootstrap) before packaging. Packages built on Windows mark bootstrap, *.sh and files under bin/ as executable.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Publish-AlonzoFunction')
}
