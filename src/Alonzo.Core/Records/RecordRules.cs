using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Alonzo.Validation;

namespace Alonzo.Records
{
    /// <summary>
    /// The Kinesis record limits from the service model (kinesis 2013-12-02) and the Kinesis quotas,
    /// checked before any call so that a bad record is reported with the record, not as a failed batch.
    /// </summary>
    public static class RecordRules
    {
        // PutRecordsRequestEntryList: min 1, max 500.
        public const int MaxRecordsPerRequest = 500;
        // PartitionKey: min 1, max 256 (characters).
        public const int PartitionKeyMin = 1;
        public const int PartitionKeyMax = 256;
        // Data: max 10485760 bytes; MaxRecordSizeInKiB: 1024..10240. Data plus partition key must fit the
        // stream's maximum record size, which is 1 MiB unless the stream was raised (up to 10 MiB).
        public const int DataMax = 10 * 1024 * 1024;
        public const int DefaultMaxRecordBytes = 1024 * 1024;
        // A PutRecords request may carry 5 MiB in total (data plus partition keys); since large-record
        // support the service accepts 10 MiB. Endpoints that report MaxRecordSizeInKiB have the new limit.
        public const int ClassicMaxRequestBytes = 5 * 1024 * 1024;
        public const int LargeMaxRequestBytes = 10 * 1024 * 1024;
        // GetRecordsInputLimit: 1..10000.
        public const int GetRecordsMaxLimit = 10000;

        // HashKey: pattern 0|([1-9]\d{0,38}), a 128-bit unsigned integer.
        private static readonly Regex HashKeyPattern = new Regex(@"^(0|[1-9]\d{0,38})$", RegexOptions.CultureInvariant);
        private static readonly BigInteger HashKeyMax = BigInteger.Pow(2, 128) - 1;

        /// <summary>What Kinesis counts toward the record and request limits: the data plus the partition key.</summary>
        public static int Size(byte[] data, string partitionKey) =>
            (data?.Length ?? 0) + (partitionKey == null ? 0 : Encoding.UTF8.GetByteCount(partitionKey));

        public static void PartitionKey(string key, object record, string parameterName = "PartitionKey")
        {
            if (string.IsNullOrEmpty(key))
                throw new AlonzoValidationException("InvalidPartitionKey", parameterName, record,
                    $"-{parameterName}: the record's partition key is empty; Kinesis needs 1 to {PartitionKeyMax} characters.");
            if (key.Length > PartitionKeyMax)
                throw new AlonzoValidationException("InvalidPartitionKey", parameterName, record,
                    $"-{parameterName}: the partition key '{NameRules.Shorten(key)}' is {key.Length} characters long; Kinesis allows at most {PartitionKeyMax}.");
        }

        public static void ExplicitHashKey(string value, object record, string parameterName = "ExplicitHashKey")
        {
            if (value == null) return;
            if (!HashKeyPattern.IsMatch(value) || BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > HashKeyMax)
                throw new AlonzoValidationException("InvalidExplicitHashKey", parameterName, record,
                    $"-{parameterName}: '{NameRules.Shorten(value)}' is not a hash key; use a whole number from 0 to 2^128-1 ({HashKeyMax}).");
        }

        public static void RecordSize(int size, int maxRecordBytes, object record)
        {
            if (size > maxRecordBytes)
                throw new AlonzoValidationException("RecordTooLarge", "InputObject", record,
                    $"The record is {size:N0} bytes (data plus partition key); the stream accepts at most {maxRecordBytes:N0} bytes per record. It was not sent.");
        }

        public static void GetRecordsLimit(int limit, string parameterName = "Limit")
        {
            if (limit < 1 || limit > GetRecordsMaxLimit)
                throw new AlonzoValidationException("InvalidLimit", parameterName, limit,
                    $"-{parameterName}: {limit} is outside 1 to {GetRecordsMaxLimit}, the records one GetRecords call can return.");
        }
    }
}
