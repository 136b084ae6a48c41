#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Runtime
{
    /// <summary>What a listing does when the service hands back a token it already gave in the same listing.</summary>
    public enum RepeatedTokenHandling
    {
        /// <summary>Throw <see cref="AwsPaginationException"/>: following it would never end (the default).</summary>
        Fail,
        /// <summary>Stop: the API signals its end that way (CloudWatch Logs GetLogEvents returns the token it was sent).</summary>
        End,
    }

    public sealed class PaginatorOptions
    {
        /// <summary>At most this many pages; one more is a <see cref="AwsPaginationException"/> rather than an endless listing.</summary>
        public int MaxPages { get; set; } = 10000;

        public RepeatedTokenHandling RepeatedToken { get; set; } = RepeatedTokenHandling.Fail;

        /// <summary>Resume a listing from this token instead of its beginning.</summary>
        public string? StartToken { get; set; }
    }

    /// <summary>
    /// Follows the services' page tokens, whatever they are called: Kinesis and EC2 <c>NextToken</c>,
    /// Lambda <c>Marker</c>/<c>NextMarker</c>, IAM <c>Marker</c> with <c>IsTruncated</c>, CloudWatch Logs
    /// <c>nextToken</c>, S3 <c>ContinuationToken</c>/<c>NextContinuationToken</c> with <c>IsTruncated</c>,
    /// CloudWatch <c>NextToken</c>. The caller's page function sends one request with the token it is given
    /// (null for the first page) and returns the page's items and the token for the next one, normalised
    /// with <see cref="Next(string)"/> or <see cref="Next(bool, string)"/>. A null or empty next token ends the
    /// listing; a token seen before in the same listing is a loop, and so is a listing longer than
    /// <see cref="PaginatorOptions.MaxPages"/>.
    /// </summary>
    public static class Paginator
    {
        private static readonly PaginatorOptions Defaults = new PaginatorOptions();

        /// <summary>Every item of every page, in order.</summary>
        /// <param name="operation">What is listed, for the error message: "Kinesis ListShards".</param>
        public static async Task<List<T>> AllAsync<T>(string operation,
            Func<string?, CancellationToken, Task<(IEnumerable<T>? Items, string? Next)>> page,
            CancellationToken cancellationToken, PaginatorOptions? options = null)
        {
            var all = new List<T>();
            await EachPageAsync(operation, page, items =>
            {
                all.AddRange(items);
                return true;
            }, cancellationToken, options).ConfigureAwait(false);
            return all;
        }

        /// <summary>
        /// Hands each page's items to <paramref name="onPage"/> as it arrives; it returns false to stop early
        /// (a reader that has what it needs). Returns the number of pages read.
        /// </summary>
        public static async Task<int> EachPageAsync<T>(string operation,
            Func<string?, CancellationToken, Task<(IEnumerable<T>? Items, string? Next)>> page,
            Func<IReadOnlyList<T>, bool> onPage, CancellationToken cancellationToken, PaginatorOptions? options = null)
        {
            if (page == null) throw new ArgumentNullException(nameof(page));
            if (onPage == null) throw new ArgumentNullException(nameof(onPage));
            options = options ?? Defaults;
            string? token = Next(options.StartToken);
            // Tokens are opaque and can repeat after any number of pages (A, B, A, ...), so all of them are remembered.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (token != null) seen.Add(token);
            int pages = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (pages >= options.MaxPages) throw AwsPaginationException.TooManyPages(operation, pages);
                var (items, next) = await page(token, cancellationToken).ConfigureAwait(false);
                pages++;
                var list = items as IReadOnlyList<T> ?? (items == null ? (IReadOnlyList<T>)Array.Empty<T>() : items.ToList());
                if (!onPage(list)) return pages;
                next = Next(next);
                if (next == null) return pages;
                if (!seen.Add(next))
                {
                    if (options.RepeatedToken == RepeatedTokenHandling.End) return pages;
                    throw AwsPaginationException.RepeatedToken(operation, pages, next == token);
                }
                token = next;
            }
        }

        /// <summary>The next token of styles where its absence ends the listing (NextToken, NextMarker, nextToken): null or empty is the end.</summary>
        public static string? Next(string? token) => string.IsNullOrEmpty(token) ? null : token;

        /// <summary>The next token of styles that flag more pages (IAM Marker with IsTruncated, S3 NextContinuationToken with IsTruncated).</summary>
        public static string? Next(bool isTruncated, string? token) => isTruncated ? Next(token) : null;
    }

    /// <summary>A listing that would never end: the service repeated a page token, or handed out more pages than any real listing has.</summary>
    public sealed class AwsPaginationException : Exception
    {
        private AwsPaginationException(string operation, int pages, string message) : base(message)
        {
            Operation = operation;
            Pages = pages;
        }

        public string Operation { get; }
        /// <summary>Pages read before the listing was stopped.</summary>
        public int Pages { get; }

        internal static AwsPaginationException RepeatedToken(string operation, int pages, bool immediately) =>
            new AwsPaginationException(operation, pages,
                $"{operation} returned a page token it had already returned ({(immediately ? "the token it was sent" : "an earlier page's token")}, after {pages} page(s)); " +
                "following it would list the same pages forever, so the listing was stopped. The endpoint does not page correctly: try again, or report it if it persists.");

        internal static AwsPaginationException TooManyPages(string operation, int pages) =>
            new AwsPaginationException(operation, pages,
                $"{operation} was still handing out page tokens after {pages} pages; the listing was stopped rather than run on without end.");
    }
}
