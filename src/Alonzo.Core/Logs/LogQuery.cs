using System;
using System.Text.RegularExpressions;
using Alonzo.Functions;
using Alonzo.Validation;

namespace Alonzo.Logs
{
    /// <summary>What to read: whose log, which time range, which events.</summary>
    public sealed class LogQuery
    {
        public const string LambdaLogGroupPrefix = "/aws/lambda/";
        public const int FilterPatternMax = 1024;
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

        /// <summary>
        /// Matches both the plain-text REPORT line and the JSON platform.report record, so -Report
        /// transfers only those events. The parser still checks every event it gets.
        /// </summary>
        public const string ReportFilterPattern = "?\"REPORT RequestId\" ?\"platform.report\"";

        private static readonly Regex LogGroupPattern = new Regex(@"^[\.\-_/#A-Za-z0-9]{1,512}$", RegexOptions.CultureInvariant);

        /// <summary>A function name or ARN; its log group is /aws/lambda/&lt;name&gt;.</summary>
        public string FunctionName { get; set; }
        /// <summary>Read this log group instead (functions with a custom log group).</summary>
        public string LogGroupName { get; set; }
        /// <summary>Events from this time on (a local or UTC time). Excludes <see cref="Last"/>.</summary>
        public DateTime? Since { get; set; }
        /// <summary>Events of this last stretch of time. Neither Since nor Last: the last hour.</summary>
        public TimeSpan? Last { get; set; }
        /// <summary>Events up to this time; null: up to now (and, when following, onwards).</summary>
        public DateTime? Until { get; set; }
        /// <summary>A CloudWatch Logs filter pattern, applied by the service.</summary>
        public string FilterPattern { get; set; }
        /// <summary>Only REPORT events are wanted: without a FilterPattern, the service filters for them.</summary>
        public bool ReportsOnly { get; set; }

        public void Validate()
        {
            if (string.IsNullOrEmpty(LogGroupName))
            {
                if (string.IsNullOrEmpty(FunctionName))
                    throw new AlonzoValidationException("InvalidFunctionName", "FunctionName", FunctionName,
                        "-FunctionName: give the function's name or ARN (or pipe a function), or -LogGroupName for a log group of your own.");
                FunctionRules.Name(FunctionName, "FunctionName");
            }
            else if (!LogGroupPattern.IsMatch(LogGroupName))
            {
                throw new AlonzoValidationException("InvalidLogGroupName", "LogGroupName", LogGroupName,
                    $"-LogGroupName: '{LogGroupName}' is not a log group name. Use 1 to 512 letters, digits and . - _ / #.");
            }
            if (FilterPattern != null && FilterPattern.Length > FilterPatternMax)
                throw new AlonzoValidationException("InvalidFilterPattern", "Filter", FilterPattern.Length,
                    $"-Filter: the pattern has {FilterPattern.Length} characters; CloudWatch Logs allows at most {FilterPatternMax}.");
            if (Since.HasValue && Last.HasValue)
                throw new AlonzoValidationException("InvalidTimeRange", "Last", Last,
                    "-Since and -Last both set the start of the time range; use one of them.");
            if (Last.HasValue && Last.Value <= TimeSpan.Zero)
                throw new AlonzoValidationException("InvalidTimeRange", "Last", Last,
                    $"-Last: {Last} is not a positive span of time, such as (New-TimeSpan -Minutes 15) or '00:15:00'.");
            if (Since.HasValue && ToUtc(Since.Value) < LogTime.Epoch)
                throw new AlonzoValidationException("InvalidTimeRange", "Since", Since,
                    $"-Since: {Since} is before 1970; CloudWatch Logs times start at 1970-01-01.");
            if (Until.HasValue && Since.HasValue && ToUtc(Until.Value) < ToUtc(Since.Value))
                throw new AlonzoValidationException("InvalidTimeRange", "Until", Until,
                    $"-Until: {Until} is before -Since {Since}.");
        }

        /// <summary>The bare function name of <see cref="FunctionName"/> (the name part of an ARN).</summary>
        public string FunctionShortName
        {
            get
            {
                if (string.IsNullOrEmpty(FunctionName)) return null;
                if (!FunctionRules.IsArn(FunctionName)) return FunctionName;
                // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
                var parts = FunctionName.Split(':');
                return parts.Length > 6 ? parts[6] : FunctionName;
            }
        }

        public string ResolveLogGroupName() =>
            !string.IsNullOrEmpty(LogGroupName) ? LogGroupName : LambdaLogGroupPrefix + FunctionShortName;

        /// <summary>The first millisecond of the range, given the time now.</summary>
        public DateTime ResolveStart(DateTime utcNow)
        {
            if (Since.HasValue) return ToUtc(Since.Value);
            return utcNow - (Last ?? DefaultWindow);
        }

        public string ResolveFilterPattern() =>
            !string.IsNullOrEmpty(FilterPattern) ? FilterPattern : ReportsOnly ? ReportFilterPattern : null;

        /// <summary>Unspecified kinds are taken as local time, like PowerShell's [datetime] casts.</summary>
        internal static DateTime ToUtc(DateTime value) =>
            value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Local).ToUniversalTime();
    }

    /// <summary>CloudWatch Logs times: epoch milliseconds.</summary>
    public static class LogTime
    {
        public static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static long ToEpochMilliseconds(DateTime value) =>
            (long)Math.Floor((LogQuery.ToUtc(value) - Epoch).TotalMilliseconds);

        public static DateTime FromEpochMilliseconds(long milliseconds) => Epoch.AddMilliseconds(milliseconds);
    }
}
