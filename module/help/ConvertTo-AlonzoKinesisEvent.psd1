@{
    Synopsis    = 'Turns records into the events Lambda hands a Kinesis-triggered function: batches of one shard each, in Lambda''s exact shape.'

    Description = @'
ConvertTo-AlonzoKinesisEvent takes records from Read-AlonzoRecord, or strings, byte arrays and objects to make records of, and writes the events a Lambda function gets from a Kinesis event source mapping: {"Records":[...]}, with every field AWS sends and AWS's types. Each record has kinesis.kinesisSchemaVersion "1.0", kinesis.partitionKey, kinesis.sequenceNumber (a string), kinesis.data (the record's bytes in base64) and kinesis.approximateArrivalTimestamp (epoch seconds with the milliseconds as a fraction, such as 1545084650.987), then eventSource "aws:kinesis", eventVersion "1.0", eventID "<shard id>:<sequence number>", eventName "aws:kinesis:record", invokeIdentityArn (the function's role), awsRegion and eventSourceARN. There is no encryptionType field, since Lambda does not send one.

Records are grouped by shard, in the order they come: an event holds the records of one shard only, at most -BatchSize of them (100 by default, as a mapping's batch size; 1 to 10000), and never more than 6 MB of JSON, Lambda's payload limit for a synchronous invocation (base64 makes data a third larger, so four records of 1 MiB fill an event). An event is written as soon as it is full; the rest are written when the input ends, shard by shard. A record that alone would make an event larger than 6 MB cannot be delivered by Lambda and fails with EventTooLarge; the other records are converted.

A record from Read-AlonzoRecord keeps its shard, sequence number, partition key, arrival time and stream. Anything else becomes a record of shard shardId-000000000000 of the stream -StreamName ('alonzo' unless given), with a 56-digit sequence number that increases with each record, the current time as arrival time, and the partition key from -PartitionKey, from the property named by -PartitionKeyProperty, or a random one; its data is a string as UTF-8, a byte array as it is, and any other object as compact JSON, as Write-AlonzoRecord would write it.

The stream's ARN is built from the region (-Region, else the profile's or AWS_REGION's, else us-east-1) and the account 123456789012 that AWS's samples use, unless -EventSourceArn gives the real one; invokeIdentityArn is the role of -InvokeIdentityArn, or arn:aws:iam::<account>:role/lambda-role. Nothing is sent to AWS: the command converts, it does not read.

Pipe the events into Invoke-AlonzoFunction (with or without -Local) to invoke a function once per event, or write them out with -AsJson as event files.
'@

    Parameters  = @{
        InputObject          = @'
A record from Read-AlonzoRecord, or a string, byte array or object to make a record of. Accepts pipeline input; an array given as an argument (-InputObject @(...)) is several records, while an array from the pipeline is one record (as JSON).
'@
        BatchSize            = @'
The most records in one event, 1 to 10000 (100 by default, as an event source mapping's default batch size). Events are also cut where the next record would take them past 6 MB.
'@
        PartitionKey         = @'
The partition key of the records made from strings, byte arrays and objects (1 to 256 characters). Records from Read-AlonzoRecord keep their own.
'@
        PartitionKeyProperty = @'
The name of a property of each input object whose value is the record's partition key, such as device. An object without it, or with an empty value, is left out with InvalidPartitionKey.
'@
        StreamName           = @'
The stream of the records made from strings, byte arrays and objects, used in eventSourceARN ('alonzo' when neither this nor -EventSourceArn is given). Records from Read-AlonzoRecord keep their own stream.
'@
        EventSourceArn       = @'
The stream's ARN (arn:aws:kinesis:<region>:<account>:stream/<name>), for eventSourceARN, awsRegion and the account of the default role. Without it the ARN is built from the stream's name, the region and the placeholder account 123456789012. Anything that is not a Kinesis stream ARN fails with InvalidEventSourceArn.
'@
        InvokeIdentityArn    = @'
The function's execution role, for every record's invokeIdentityArn (Lambda puts the role of the function the mapping invokes there). By default arn:aws:iam::<account>:role/lambda-role.
'@
        AsJson               = @'
Writes each event as JSON text, exactly as Lambda sends it, instead of an AlonzoKinesisEvent object, for example to save event files.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoKinesisEvent' = @'
One object per event: Records (the records, with AWS's field names, so $e.Records[0].kinesis.data reads as in a handler), StreamName, ShardId, Count, FirstSequenceNumber, LastSequenceNumber and Size (bytes of JSON). ToJson() gives the event as Lambda sends it.
'@
        'System.String'             = @'
With -AsJson: each event as JSON text.
'@
    }

    Examples    = @(
        @{
            Title   = 'The records of a stream as the events a function would get'
            Code    = @'
PS> Read-AlonzoRecord alonzo | ConvertTo-AlonzoKinesisEvent

StreamName     ShardId               Count      Size FirstSequenceNumber
----------     -------               -----      ---- -------------------
alonzo         shardId-000000000000    100   45 KB …571095921575989136588898
alonzo         shardId-000000000000     37   17 KB …940925702759324208523137
alonzo         shardId-000000000001     63   29 KB …013398227431099158771810
'@
            Remarks = 'Two shards, 200 records: batches of 100 records of one shard each, in the order of the shard.'
        }
        @{
            Title   = 'Test events from strings, saved as a file'
            Code    = @'
PS> 'hello', 'world' | ConvertTo-AlonzoKinesisEvent -PartitionKey 1 -StreamName lambda-stream -Region us-east-2 -AsJson | Set-Content ./events/two.json
PS> (Get-Content ./events/two.json -Raw | ConvertFrom-Json).Records[0].kinesis

kinesisSchemaVersion        : 1.0
partitionKey                : 1
sequenceNumber              : 49006393176011652981960000000000000000000000000000000000
data                        : aGVsbG8=
approximateArrivalTimestamp : 1796248512.469
'@
            Remarks = 'The event file can be sent with Invoke-AlonzoFunction -Payload (Get-Content ./events/two.json -Raw), locally or to AWS.'
        }
        @{
            Title   = 'Run a handler locally on each event'
            Code    = @'
PS> Read-AlonzoRecord alonzo -First 10 | ConvertTo-AlonzoKinesisEvent -BatchSize 5 |
        Invoke-AlonzoFunction -Local -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 |
        Select-Object Succeeded, PayloadText

Succeeded PayloadText
--------- -----------
     True "Successfully processed 5 records."
     True "Successfully processed 5 records."
'@
            Remarks = 'Each event is one invocation; the second runs in the same warm process.'
        }
    )

    Notes       = @'
The shape follows the sample Kinesis record event of the AWS Lambda developer guide, field for field and with the same JSON types; the tests compare the two. For a stream read and fed to a handler the way a mapping does it (retries, bisect, batch item failures, a batching window), use Invoke-AlonzoFunction -Local -StreamName instead.
'@

    Links       = @('Read-AlonzoRecord', 'Invoke-AlonzoFunction', 'about_Alonzo')
}
