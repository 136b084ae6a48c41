using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    /// <summary>One paginator for every token style, and its guards against listings that never end.</summary>
    public sealed class PaginatorTests
    {
        /// <summary>A service that serves pages by token and records the tokens it was sent.</summary>
        private sealed class PagedService
        {
            private readonly Dictionary<string, (string[] Items, string Next)> _pages;
            public List<string> Sent { get; } = new List<string>();

            public PagedService(params (string Token, string[] Items, string Next)[] pages)
            {
                _pages = pages.ToDictionary(p => p.Token ?? "", p => (p.Items, p.Next));
            }

            public Task<(IEnumerable<string> Items, string Next)> Page(string token, CancellationToken cancellationToken)
            {
                Sent.Add(token);
                var page = _pages[token ?? ""];
                return Task.FromResult<(IEnumerable<string>, string)>((page.Items, page.Next));
            }
        }

        [Fact]
        public async Task NextToken_style_reads_every_page_in_order()
        {
            // Kinesis ListShards, EC2 Describe*, CloudWatch: NextToken until there is none.
            var service = new PagedService((null, new[] { "a", "b" }, "t1"), ("t1", new[] { "c" }, "t2"), ("t2", new[] { "d" }, null));
            var items = await Paginator.AllAsync<string>("Kinesis ListShards", service.Page, CancellationToken.None);
            Assert.Equal(new[] { "a", "b", "c", "d" }, items);
            Assert.Equal(new[] { null, "t1", "t2" }, service.Sent);
        }

        [Fact]
        public async Task An_empty_token_ends_the_listing()
        {
            // EC2 and Lambda answer an empty NextToken/NextMarker on the last page.
            var service = new PagedService((null, new[] { "a" }, "t1"), ("t1", new[] { "b" }, ""));
            Assert.Equal(new[] { "a", "b" }, await Paginator.AllAsync<string>("EC2 DescribeSubnets", service.Page, CancellationToken.None));
            Assert.Null(Paginator.Next(""));
            Assert.Equal("m", Paginator.Next("m"));
        }

        [Fact]
        public async Task Truncation_flag_styles_stop_when_the_flag_says_so()
        {
            // IAM Marker and S3 NextContinuationToken: a marker without IsTruncated is not a next page.
            var pages = new Dictionary<string, (string[] Items, bool Truncated, string Marker)>
            {
                [""] = (new[] { "role-1" }, true, "m1"),
                ["m1"] = (new[] { "role-2" }, false, "stale"),
            };
            var sent = new List<string>();
            var items = await Paginator.AllAsync<string>("IAM ListRoles", (marker, ct) =>
            {
                sent.Add(marker);
                var page = pages[marker ?? ""];
                return Task.FromResult<(IEnumerable<string>, string)>((page.Items, Paginator.Next(page.Truncated, page.Marker)));
            }, CancellationToken.None);
            Assert.Equal(new[] { "role-1", "role-2" }, items);
            Assert.Equal(new[] { null, "m1" }, sent);
            Assert.Null(Paginator.Next(true, ""));
            Assert.Null(Paginator.Next(false, "m"));
        }

        [Fact]
        public async Task A_token_handed_back_unchanged_is_a_loop()
        {
            var service = new PagedService((null, new[] { "a" }, "t1"), ("t1", new[] { "b" }, "t1"));
            var e = await Assert.ThrowsAsync<AwsPaginationException>(() => Paginator.AllAsync<string>("Lambda ListFunctions", service.Page, CancellationToken.None));
            Assert.Equal(2, e.Pages);
            Assert.Equal("Lambda ListFunctions", e.Operation);
            Assert.Contains("Lambda ListFunctions returned a page token it had already returned (the token it was sent, after 2 page(s))", e.Message);
            Assert.Equal(2, service.Sent.Count);
        }

        [Fact]
        public async Task A_token_of_an_earlier_page_is_a_loop_too()
        {
            var service = new PagedService((null, new[] { "a" }, "A"), ("A", new[] { "b" }, "B"), ("B", new[] { "c" }, "A"));
            var e = await Assert.ThrowsAsync<AwsPaginationException>(() => Paginator.AllAsync<string>("CloudWatch Logs DescribeLogGroups", service.Page, CancellationToken.None));
            Assert.Contains("an earlier page's token", e.Message);
            Assert.Equal(new[] { null, "A", "B" }, service.Sent);
        }

        [Fact]
        public async Task A_repeated_token_can_mean_the_end()
        {
            // CloudWatch Logs GetLogEvents returns the token it was sent once there is nothing newer.
            var service = new PagedService((null, new[] { "e1" }, "f/1"), ("f/1", new[] { "e2" }, "f/2"), ("f/2", new string[0], "f/2"));
            var items = await Paginator.AllAsync<string>("CloudWatch Logs GetLogEvents", service.Page, CancellationToken.None,
                new PaginatorOptions { RepeatedToken = RepeatedTokenHandling.End });
            Assert.Equal(new[] { "e1", "e2" }, items);
            Assert.Equal(3, service.Sent.Count);
        }

        [Fact]
        public async Task A_listing_past_the_page_limit_stops()
        {
            int calls = 0;
            var e = await Assert.ThrowsAsync<AwsPaginationException>(() => Paginator.AllAsync<int>("S3 ListObjectsV2",
                (token, ct) => Task.FromResult<(IEnumerable<int>, string)>((new[] { ++calls }, "token-" + calls)),
                CancellationToken.None, new PaginatorOptions { MaxPages = 5 }));
            Assert.Equal(5, calls);
            Assert.Equal(5, e.Pages);
            Assert.Contains("after 5 pages", e.Message);
        }

        [Fact]
        public async Task The_page_callback_can_stop_early_without_another_request()
        {
            var service = new PagedService((null, new[] { "a", "b" }, "t1"), ("t1", new[] { "c" }, null));
            var seen = new List<string>();
            int pages = await Paginator.EachPageAsync<string>("CloudWatch Logs FilterLogEvents", service.Page, page =>
            {
                seen.AddRange(page);
                return false;
            }, CancellationToken.None);
            Assert.Equal(1, pages);
            Assert.Equal(new[] { "a", "b" }, seen);
            Assert.Single(service.Sent);
        }

        [Fact]
        public async Task A_listing_resumes_from_a_start_token()
        {
            var service = new PagedService(("t1", new[] { "c" }, "t2"), ("t2", new[] { "d" }, null));
            var items = await Paginator.AllAsync<string>("Kinesis ListStreams", service.Page, CancellationToken.None, new PaginatorOptions { StartToken = "t1" });
            Assert.Equal(new[] { "c", "d" }, items);
            Assert.Equal(new[] { "t1", "t2" }, service.Sent);
        }

        [Fact]
        public async Task Missing_items_are_an_empty_page()
        {
            var items = await Paginator.AllAsync<string>("EC2 DescribeVpcs",
                (token, ct) => Task.FromResult<(IEnumerable<string>, string)>((null, null)), CancellationToken.None);
            Assert.Empty(items);
        }

        [Fact]
        public async Task Cancellation_stops_between_pages()
        {
            using var cts = new CancellationTokenSource();
            int calls = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Paginator.AllAsync<int>("Kinesis ListShards", (token, ct) =>
            {
                calls++;
                cts.Cancel();
                return Task.FromResult<(IEnumerable<int>, string)>((new[] { 1 }, "next-" + calls));
            }, cts.Token));
            Assert.Equal(1, calls);
        }
    }
}
