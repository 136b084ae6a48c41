@{
    RootModule           = 'Alonzo.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '7f4c1b0e-2a4d-4d3e-9a8e-6b1f0c2d9e31'
    Author               = 'Alonzo contributors'
    CompanyName          = 'Alonzo'
    Copyright            = '(c) Alonzo contributors. Apache-2.0.'
    Description          = 'Deploys and runs the Kinesis stream to Lambda function pipeline on AWS, idempotently: commands converge instead of failing on "already exists", wait until things are usable, retry what AWS makes you retry, and never re-upload unchanged code.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('Alonzo.Format.ps1xml', 'Alonzo.Roles.Format.ps1xml', 'Alonzo.Packages.Format.ps1xml', 'Alonzo.Functions.Format.ps1xml', 'Alonzo.Mappings.Format.ps1xml', 'Alonzo.Logs.Format.ps1xml', 'Alonzo.Records.Format.ps1xml', 'Alonzo.Pipelines.Format.ps1xml', 'Alonzo.Network.Format.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'New-AlonzoStream', 'Get-AlonzoStream', 'Remove-AlonzoStream', 'Set-AlonzoStream',
        'Publish-AlonzoPipeline', 'Get-AlonzoPipeline', 'Get-AlonzoPipelinePlan', 'Remove-AlonzoPipeline',
        'Write-AlonzoRecord', 'Read-AlonzoRecord',
        'New-AlonzoRole', 'Get-AlonzoRole', 'Remove-AlonzoRole',
        'New-AlonzoPackage',
        'Publish-AlonzoFunction', 'Get-AlonzoFunction', 'Invoke-AlonzoFunction', 'Remove-AlonzoFunction',
        'Add-AlonzoEventMapping', 'Get-AlonzoEventMapping', 'Set-AlonzoEventMapping', 'Remove-AlonzoEventMapping',
        'Get-AlonzoLog',
        'ConvertTo-AlonzoKinesisEvent',
        'New-AlonzoSecurityGroup', 'Get-AlonzoSecurityGroup', 'Remove-AlonzoSecurityGroup',
        'Grant-AlonzoNetworkAccess', 'Revoke-AlonzoNetworkAccess'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Kinesis', 'Lambda', 'Serverless', 'Idempotent', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'Streams: New-, Get-, Remove-AlonzoStream.'
        }
    }
}
