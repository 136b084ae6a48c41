# The article's pipeline: a Kinesis stream, the function's role, a Python function built from
# ./handler, and the event source mapping that makes Lambda pull the stream.
#
#   Get-AlonzoPipelinePlan -Path ./examples/alonzo.psd1    # what would change (read calls only)
#   Publish-AlonzoPipeline -Path ./examples/alonzo.psd1    # create or converge all of it
#   Get-AlonzoPipeline -Path ./examples/alonzo.psd1        # state and drift from this file
#   Remove-AlonzoPipeline -Path ./examples/alonzo.psd1     # delete exactly what it made
#
# Every key but Name and Function is optional; what is left out takes the defaults shown in the
# comments (Kinesis's and Lambda's own), so a setting changed in the console shows as drift.
@{
    # The pipeline's name: every resource it owns is tagged alonzo:pipeline=alonzo.
    Name     = 'alonzo'
    # Tags for every resource of the pipeline.
    Tags     = @{ project = 'alonzo' }

    Stream   = @{
        Name           = 'alonzo'        # default: the pipeline's name
        ShardCount     = 1               # or OnDemand = $true
        RetentionHours = 24              # 24 to 8760
    }

    Role     = @{
        Name              = 'alonzo_lambda'   # default: <pipeline>_lambda
        # Exactly these policies: others attached by hand are drift, and a deploy detaches them.
        ManagedPolicyArns = @('arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole')
    }

    Function = @{
        Name         = 'alonzo'          # default: the pipeline's name
        Path         = './handler'       # relative to this file; a folder or a .zip
        Handler      = 'lambda_function.lambda_handler'
        Runtime      = 'python3.12'
        MemorySize   = 128               # MB, 128 to 10240 (up to 32768 where the account allows)
        Timeout      = 3                 # seconds, 1 to 900
        Architecture = 'x86_64'          # or arm64
        Environment  = @{ LOG_LEVEL = 'info' }   # values are never shown in plans or output
    }

    # Lambda pulls the stream; every Add-AlonzoEventMapping setting can be given here.
    EventMapping = @{
        StartingPosition = 'LATEST'      # TRIM_HORIZON, LATEST or AT_TIMESTAMP (cannot change in place)
        BatchSize        = 100           # 1 to 10000
    }
}
