using System;
using Alonzo.Logs;
using Xunit;

namespace Alonzo.Tests.Logs
{
    /// <summary>REPORT lines as Lambda writes them (tab-separated, X-Ray suffix line, SnapStart, failures, JSON log format).</summary>
    public sealed class LambdaReportParserTests
    {
        [Fact]
        public void Reads_a_cold_start_report_with_init_duration()
        {
            var r = LambdaReportParser.Parse("REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 157.94 ms\t\n");
            Assert.Equal("8f507cfc-xmpl-4697-b07a-ac58fc914c95", r.RequestId);
            Assert.Equal(3.43, r.Duration);
            Assert.Equal(4, r.BilledDuration);
            Assert.Equal(128, r.MemorySize);
            Assert.Equal(67, r.MaxMemoryUsed);
            Assert.Equal(157.94, r.InitDuration);
            Assert.True(r.ColdStart);
            Assert.Equal(52.3, r.MemoryUsedPercent);
            Assert.Null(r.RestoreDuration);
            Assert.Null(r.Status);
            Assert.Null(r.XRayTraceId);
            Assert.Null(r.Sampled);
        }

        [Fact]
        public void Reads_a_warm_report_without_init_duration_in_the_older_format()
        {
            // Older runtimes put a space before the tab after Billed Duration and billed in 100 ms steps.
            var r = LambdaReportParser.Parse("REPORT RequestId: 3604209a-e9a3-11e6-939a-754dd98c7be3\tDuration: 12.34 ms\tBilled Duration: 100 ms \tMemory Size: 128 MB\tMax Memory Used: 18 MB\t\n");
            Assert.Equal("3604209a-e9a3-11e6-939a-754dd98c7be3", r.RequestId);
            Assert.Equal(12.34, r.Duration);
            Assert.Equal(100, r.BilledDuration);
            Assert.Equal(18, r.MaxMemoryUsed);
            Assert.Null(r.InitDuration);
            Assert.False(r.ColdStart);
        }

        [Fact]
        public void Reads_the_xray_line_that_follows_a_traced_report()
        {
            var r = LambdaReportParser.Parse("REPORT RequestId: b92a770e-7c92-4a13-84e3-613428ff991f\tDuration: 3.10 ms\tBilled Duration: 546 ms\tMemory Size: 2048 MB\tMax Memory Used: 95 MB\tInit Duration: 542.01 ms\t\nXRAY TraceId: 1-6a507b87-0cc4438344b48ef127ab1931\tSegmentId: d0025b207c551fde\tSampled: true\t\n");
            Assert.Equal("b92a770e-7c92-4a13-84e3-613428ff991f", r.RequestId);
            Assert.Equal(3.10, r.Duration);
            Assert.Equal(546, r.BilledDuration);
            Assert.Equal(2048, r.MemorySize);
            Assert.Equal(95, r.MaxMemoryUsed);
            Assert.Equal(542.01, r.InitDuration);
            Assert.Equal("1-6a507b87-0cc4438344b48ef127ab1931", r.XRayTraceId);
            Assert.Equal("d0025b207c551fde", r.SegmentId);
            Assert.True(r.Sampled);
        }

        [Fact]
        public void Reads_snapstart_restore_fields_in_the_space_separated_console_form()
        {
            var r = LambdaReportParser.Parse("REPORT RequestId: 24addd09-6e64-49fb-b187-94ba9b60b59a Duration: 127.10 ms Billed Duration: 154 ms Memory Size: 2048 MB Max Memory Used: 212 MB Restore Duration: 325.93 ms Billed Restore Duration: 26 ms XRAY TraceId: 1-66d978e5-56c7378e556e94b5461da07c SegmentId: 29c3839e6ecb5895 Sampled: true");
            Assert.Equal("24addd09-6e64-49fb-b187-94ba9b60b59a", r.RequestId);
            Assert.Equal(127.10, r.Duration);
            Assert.Equal(154, r.BilledDuration);
            Assert.Equal(212, r.MaxMemoryUsed);
            Assert.Equal(325.93, r.RestoreDuration);
            Assert.Equal(26, r.BilledRestoreDuration);
            Assert.Null(r.InitDuration);
            Assert.True(r.ColdStart);
            Assert.Equal("1-66d978e5-56c7378e556e94b5461da07c", r.XRayTraceId);
            Assert.Equal("29c3839e6ecb5895", r.SegmentId);
        }

        [Theory]
        [InlineData("REPORT RequestId: 25a27ba9-e9af-489b-af00-005778ebb745\tDuration: 97.30 ms\tBilled Duration: 98 ms\tMemory Size: 1024 MB\tMax Memory Used: 43 MB\tStatus: error\tError Type: Runtime.ImportModuleError\n", "error", "Runtime.ImportModuleError", 97.30)]
        [InlineData("REPORT RequestId: 03d81525-1111-4a4a-9b9b-0123456789ab\tDuration: 10000.00 ms\tBilled Duration: 10938 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\tStatus: timeout\n", "timeout", null, 10000.0)]
        public void Reads_the_status_of_failed_invocations(string line, string status, string errorType, double duration)
        {
            var r = LambdaReportParser.Parse(line);
            Assert.Equal(status, r.Status);
            Assert.Equal(errorType, r.ErrorType);
            Assert.Equal(duration, r.Duration);
        }

        [Fact]
        public void Reads_the_json_platform_report_record()
        {
            var r = LambdaReportParser.Parse("{\"time\":\"2022-10-21T14:05:05.766Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"459921b5-681c-4a96-beb0-81e0aa586026\",\"metrics\":{\"durationMs\":2599.4,\"billedDurationMs\":2600,\"memorySizeMB\":128,\"maxMemoryUsedMB\":94,\"initDurationMs\":549.04},\"tracing\":{\"spanId\":\"24cd7d670fa455f0\",\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-6352a70e-1e2c502e358361800241fd45;Parent=35465b3a9e2f7c6a;Sampled=1\"},\"status\":\"success\"}}\n");
            Assert.Equal("459921b5-681c-4a96-beb0-81e0aa586026", r.RequestId);
            Assert.Equal(2599.4, r.Duration);
            Assert.Equal(2600, r.BilledDuration);
            Assert.Equal(128, r.MemorySize);
            Assert.Equal(94, r.MaxMemoryUsed);
            Assert.Equal(549.04, r.InitDuration);
            Assert.Equal("success", r.Status);
            Assert.Equal("1-6352a70e-1e2c502e358361800241fd45", r.XRayTraceId);
            Assert.Equal("35465b3a9e2f7c6a", r.SegmentId);
            Assert.True(r.Sampled);
        }

        [Fact]
        public void Reads_snapstart_fields_of_the_json_record()
        {
            var r = LambdaReportParser.Parse("{\"time\":\"2024-02-09T08:42:44.080Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"d661f7cf-9208-46b9-85b0-213b04a91065\",\"status\":\"success\",\"metrics\":{\"durationMs\": 147.156,\"billedDurationMs\": 201, \"memorySizeMB\": 512,\"maxMemoryUsedMB\": 91,\"restoreDurationMs\": 500.795,\"billedRestoreDurationMs\": 53 }}}");
            Assert.Equal(147.156, r.Duration);
            Assert.Equal(500.795, r.RestoreDuration);
            Assert.Equal(53, r.BilledRestoreDuration);
            Assert.Null(r.InitDuration);
            Assert.Null(r.XRayTraceId);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST\n")]
        [InlineData("END RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\n")]
        [InlineData("INIT_REPORT Init Duration: 87.28 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ImportModuleError\n")]
        [InlineData("REPORT generated for customer 42\n")]
        [InlineData("2026-01-02T10:15:03.404Z\t8f507cfc-xmpl-4697-b07a-ac58fc914c95\tINFO\tREPORT RequestId: fake\tDuration: 1 ms\n")]
        [InlineData("REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\t\n")]
        [InlineData("REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: n/a\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\n")]
        [InlineData("{\"time\":\"2022-10-21T14:05:03.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"459921b5-681c-4a96-beb0-81e0aa586026\",\"version\":\"$LATEST\"}}")]
        [InlineData("{\"type\":\"platform.report\",\"record\":{\"requestId\":\"x\",\"metrics\":{\"durationMs\":1}}}")]
        [InlineData("{\"type\":\"platform.report\", broken")]
        public void Other_lines_are_not_reports(string line)
        {
            Assert.False(LambdaReportParser.TryParse(line, out var report));
            Assert.Null(report);
            Assert.Throws<FormatException>(() => LambdaReportParser.Parse(line));
        }

        [Fact]
        public void A_log_event_gives_its_time_stream_and_function_to_the_report()
        {
            var e = new AlonzoLogEvent
            {
                Timestamp = new DateTime(2026, 1, 2, 10, 15, 3, 406, DateTimeKind.Utc),
                LogStream = "2026/01/02/[$LATEST]abc",
                FunctionName = "alonzo",
                Message = "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t",
            };
            Assert.True(LambdaReportParser.TryParse(e, out var r));
            Assert.Equal(e.Timestamp, r.Timestamp);
            Assert.Equal("2026/01/02/[$LATEST]abc", r.LogStream);
            Assert.Equal("alonzo", r.FunctionName);
        }

        [Fact]
        public void Numbers_are_read_the_same_in_any_culture()
        {
            var saved = System.Globalization.CultureInfo.CurrentCulture;
            try
            {
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
                Assert.Equal(3.43, LambdaReportParser.Parse("REPORT RequestId: a\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB").Duration);
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = saved;
            }
        }
    }
}
