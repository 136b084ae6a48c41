using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Alonzo.Resources;
using Xunit;

namespace Alonzo.Tests.Resources
{
    public sealed class RetryingTests
    {
        private static AwsServiceException Refusal(string code) =>
            new AwsServiceException("lambda", "CreateFunction", code, "try later", "req-1", System.Net.HttpStatusCode.BadRequest);

        [Fact]
        public async Task Retries_a_passing_refusal_until_the_call_succeeds_and_says_so_before_each_wait()
        {
            int calls = 0;
            var seen = new List<int>();
            int result = await Retrying.WhileAsync(ct =>
                {
                    if (++calls < 3) throw Refusal("Busy");
                    return Task.FromResult(42);
                }, e => e.ErrorCode == "Busy", RetryBudget.FromDelays(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero }),
                (failed, ct) => { seen.Add(failed.Attempt); return Task.CompletedTask; }, null, CancellationToken.None);
            Assert.Equal(42, result);
            Assert.Equal(3, calls);
            Assert.Equal(new[] { 1, 2 }, seen);
        }

        [Fact]
        public async Task Is_bounded_and_ends_with_the_error_the_caller_names()
        {
            int calls = 0;
            var e = await Assert.ThrowsAsync<AlonzoOperationException>(() => Retrying.WhileAsync<int>(ct =>
                {
                    calls++;
                    throw Refusal("Busy");
                }, x => true, RetryBudget.FromDelays(new[] { TimeSpan.Zero, TimeSpan.Zero }), null,
                failed => new AlonzoOperationException("StillBusy", FailureKind.OperationTimeout, $"after {failed.Attempt} attempts"), CancellationToken.None));
            Assert.Equal(3, calls);
            Assert.Equal("StillBusy", e.ErrorId);
            Assert.Equal("after 3 attempts", e.Message);
        }

        [Fact]
        public async Task A_time_budget_stops_retrying_once_spent_and_rethrows_without_an_error_of_its_own()
        {
            int calls = 0;
            var e = await Assert.ThrowsAsync<AwsServiceException>(() => Retrying.WhileAsync<int>(ct =>
                {
                    calls++;
                    throw Refusal("Busy");
                }, x => true, RetryBudget.For(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)), null, null, CancellationToken.None));
            Assert.Equal("Busy", e.ErrorCode);
            // Waits of 20, 40, 40, ... ms, the last cut short: a handful of tries, not one per millisecond at the end.
            Assert.InRange(calls, 2, 12);
        }

        [Fact]
        public async Task Other_errors_are_not_retried()
        {
            int calls = 0;
            await Assert.ThrowsAsync<AwsServiceException>(() => Retrying.WhileAsync<int>(ct =>
                {
                    calls++;
                    throw Refusal("AccessDenied");
                }, x => x.ErrorCode == "Busy", RetryBudget.FromDelays(new[] { TimeSpan.Zero }), null, null, CancellationToken.None));
            Assert.Equal(1, calls);
        }

        [Fact]
        public void Tag_diff_lists_only_missing_or_different_tags()
        {
            var current = new Dictionary<string, string> { ["team"] = "data", ["env"] = "dev", ["extra"] = "x" };
            var wanted = new Dictionary<string, string> { ["team"] = "data", ["env"] = "prod", ["new"] = null };
            Assert.Equal(new[] { new KeyValuePair<string, string>("env", "prod"), new KeyValuePair<string, string>("new", "") }, TagDiff.Missing(current, wanted));
            Assert.Empty(TagDiff.Missing(current, null));
        }
    }
}
