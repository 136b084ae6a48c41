using System.Text.RegularExpressions;

namespace Alonzo.Validation
{
    /// <summary>
    /// Limits and patterns from the official service models, checked before any call so that bad
    /// input never reaches AWS (and nothing is half-created). Tests compare these with the models.
    /// </summary>
    public static class NameRules
    {
        // kinesis 2013-12-02: StreamName min 1, max 128, pattern [a-zA-Z0-9_.-]+
        public const int StreamNameMax = 128;
        private static readonly Regex StreamNamePattern = new Regex("^[a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant);

        // kinesis: ShardCount is PositiveIntegerObject (min 1); the default account quota is far lower
        // than int.MaxValue, but the service enforces that, not the model.
        public const int RetentionHoursMin = 24;
        public const int RetentionHoursMax = 8760;

        public static void StreamName(string value, string parameterName = "Name")
        {
            if (string.IsNullOrEmpty(value))
                throw new AlonzoValidationException("InvalidStreamName", parameterName, value,
                    $"-{parameterName}: a stream name cannot be empty. Use 1 to {StreamNameMax} letters, digits, '_', '.' or '-'.");
            if (value.Length > StreamNameMax)
                throw new AlonzoValidationException("InvalidStreamName", parameterName, value,
                    $"-{parameterName}: the stream name '{Shorten(value)}' is {value.Length} characters long; Kinesis allows at most {StreamNameMax}.");
            if (!StreamNamePattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidStreamName", parameterName, value,
                    $"-{parameterName}: the stream name '{value}' has characters Kinesis does not allow. Use only letters, digits, '_', '.' and '-'.");
        }

        /// <summary>Wildcard patterns for Get-* may also contain * ? and [ ].</summary>
        public static void StreamNamePatternOrWildcard(string value, string parameterName = "Name")
        {
            if (value == null) return;
            string literal = Regex.Replace(value, @"[\*\?\[\]]", "");
            if (literal.Length == 0) return;
            if (value.Length > StreamNameMax || !StreamNamePattern.IsMatch(literal))
                StreamName(literal.Length > StreamNameMax ? value : literal, parameterName);
        }

        public static void RetentionHours(int hours, string parameterName = "RetentionHours")
        {
            if (hours < RetentionHoursMin || hours > RetentionHoursMax)
                throw new AlonzoValidationException("InvalidRetentionHours", parameterName, hours,
                    $"-{parameterName}: {hours} hours is outside what Kinesis allows ({RetentionHoursMin} to {RetentionHoursMax} hours, that is 1 to 365 days).");
        }

        public static void ShardCount(int count, string parameterName = "ShardCount")
        {
            if (count < 1)
                throw new AlonzoValidationException("InvalidShardCount", parameterName, count,
                    $"-{parameterName}: {count} is not a valid shard count; use 1 or more (or -OnDemand).");
        }

        public static void Tags(System.Collections.Generic.IDictionary<string, string> tags, string parameterName = "Tag")
        {
            if (tags == null) return;
            if (tags.Count > 50)
                throw new AlonzoValidationException("InvalidTag", parameterName, tags.Count,
                    $"-{parameterName}: {tags.Count} tags given; a resource can have at most 50.");
            foreach (var pair in tags)
            {
                if (string.IsNullOrEmpty(pair.Key) || pair.Key.Length > 128)
                    throw new AlonzoValidationException("InvalidTag", parameterName, pair.Key,
                        $"-{parameterName}: the tag key '{Shorten(pair.Key)}' must be 1 to 128 characters.");
                if (pair.Value != null && pair.Value.Length > 256)
                    throw new AlonzoValidationException("InvalidTag", parameterName, pair.Key,
                        $"-{parameterName}: the value of tag '{pair.Key}' is {pair.Value.Length} characters; at most 256 are allowed.");
                if (pair.Key.StartsWith("aws:", System.StringComparison.OrdinalIgnoreCase))
                    throw new AlonzoValidationException("InvalidTag", parameterName, pair.Key,
                        $"-{parameterName}: the tag key '{pair.Key}' uses the reserved prefix 'aws:'.");
            }
        }

        internal static string Shorten(string value) => value == null ? "" : value.Length <= 40 ? value : value.Substring(0, 37) + "...";
    }
}
