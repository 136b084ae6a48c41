using System;
using System.Management.Automation;
using Alonzo.Aws.Runtime;
using Alonzo.Commands;
using Xunit;

namespace Alonzo.Tests.Commands
{
    /// <summary>Error records for the failures the engine and the wire raise, including kinds added later.</summary>
    public sealed class ErrorRecordsTests
    {
        [Fact]
        public void Every_failure_kind_maps_to_the_category_of_its_name()
        {
            foreach (FailureKind kind in Enum.GetValues(typeof(FailureKind)))
            {
                var record = ErrorRecords.From(new AlonzoOperationException("SomethingFailed", kind, "it failed", "do this"), "target");
                Assert.Equal(kind.ToString(), record.CategoryInfo.Category.ToString());
                Assert.Equal("SomethingFailed", record.FullyQualifiedErrorId);
                Assert.Equal("do this", record.ErrorDetails.RecommendedAction);
            }
        }

        [Fact]
        public void A_failure_kind_without_a_category_still_makes_an_error_record()
        {
            // A kind added to the engine later, without an ErrorCategory of the same name.
            var unknown = (FailureKind)1000;
            var record = ErrorRecords.From(new AlonzoOperationException("NewKindOfFailure", unknown, "a new kind of failure"), "target");
            Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
            Assert.Equal("NewKindOfFailure", record.FullyQualifiedErrorId);
            Assert.Equal("target", record.TargetObject);
            Assert.Equal("a new kind of failure", record.Exception.Message);
        }

        [Fact]
        public void Pagination_loops_and_client_side_failures_have_their_ids()
        {
            var client = ErrorRecords.From(new AwsClientException("S3", "PutObject", "S3 PutObject could not be sent: capacity"), "key");
            Assert.Equal("AwsClientError", client.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, client.CategoryInfo.Category);
        }
    }

    public sealed class CallLinesTests
    {
        [Fact]
        public void Call_events_become_the_cmdlets_verbose_and_debug_lines()
        {
            var verbose = new System.Collections.Generic.List<string>();
            var debug = new System.Collections.Generic.List<string>();
            var lines = new CallLines(verbose.Add, debug.Add);
            lines.OnSending(AwsService.S3, "PutObject", 1);
            lines.OnRetrying(AwsService.S3, "PutObject", 2, TimeSpan.FromMilliseconds(1500), "SlowDown: Please reduce your request rate.");
            lines.OnSending(AwsService.S3, "PutObject", 2);
            lines.OnCompleted(new AwsCallRecord("S3", "PutObject", true, 2, 200, null, null, TimeSpan.FromMilliseconds(12)));
            lines.OnCompleted(new AwsCallRecord("EC2", "DeleteSecurityGroup", true, 1, 400, "DependencyViolation", "req-1", TimeSpan.FromMilliseconds(40)));

            Assert.Equal(new[]
            {
                "S3 PutObject",
                "S3 PutObject failed (SlowDown: Please reduce your request rate.); retrying in 1.5s (attempt 2).",
                "S3 PutObject (attempt 2)",
            }, verbose);
            Assert.Equal(new[]
            {
                "S3 PutObject: HTTP 200 in 12 ms, request id -",
                "EC2 DeleteSecurityGroup: HTTP 400 DependencyViolation in 40 ms, request id req-1",
            }, debug);
        }
    }
}
