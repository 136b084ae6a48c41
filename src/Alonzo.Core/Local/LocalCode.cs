using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Local
{
    /// <summary>
    /// The folder a local function runs in, as /var/task on Lambda: a folder as it is, or a zip (a
    /// package, or the code a deployed function's Code.Location serves) unpacked into a temporary
    /// folder that is deleted when the function is done.
    /// </summary>
    public sealed class LocalCode : IDisposable
    {
        private readonly bool _temporary;

        private LocalCode(string directory, bool temporary)
        {
            Directory = directory;
            _temporary = temporary;
        }

        public string Directory { get; }

        /// <summary>A folder, or a zip file to unpack.</summary>
        public static LocalCode FromPath(string path)
        {
            if (System.IO.Directory.Exists(path)) return new LocalCode(Path.GetFullPath(path), false);
            if (!File.Exists(path))
                throw new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                    $"-Path: '{path}' does not exist.", "Give the folder that holds the handler, or a zip of it (New-AlonzoPackage -OutFile).");
            using (var stream = File.OpenRead(path))
                return Unpack(stream, $"'{path}'");
        }

        /// <summary>
        /// Downloads a deployed function's code from its Code.Location (a presigned URL, so neither
        /// signed here nor ever written to any output: it carries a signature) and unpacks it.
        /// </summary>
        public static async Task<LocalCode> DownloadAsync(string location, string functionName, HttpMessageHandler handler, CancellationToken cancellationToken)
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
                throw NotAvailable(functionName, "Lambda gave no download location for it");
            try
            {
                using (var client = handler == null ? new HttpClient() : new HttpClient(handler, false))
                {
                    client.Timeout = TimeSpan.FromMinutes(5);
                    using (var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false))
                    {
                        if (!response.IsSuccessStatusCode)
                            throw NotAvailable(functionName, $"{uri.Host} answered HTTP {(int)response.StatusCode}");
                        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        using (var stream = new MemoryStream(bytes))
                            return Unpack(stream, $"the deployed code of '{functionName}'");
                    }
                }
            }
            catch (HttpRequestException e)
            {
                throw NotAvailable(functionName, $"{uri.Host} could not be reached ({e.Message})");
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw NotAvailable(functionName, $"{uri.Host} did not answer in time ({e.Message})");
            }
        }

        private static AlonzoOperationException NotAvailable(string functionName, string why) =>
            new AlonzoOperationException("CodeNotAvailable", FailureKind.ResourceUnavailable,
                $"The deployed code of function '{functionName}' could not be downloaded: {why}.",
                "Pass -Path with the function's folder or zip; its handler, runtime, memory, timeout and environment still come from the deployed function.");

        private static LocalCode Unpack(Stream zip, string what)
        {
            string root = Path.Combine(Path.GetTempPath(), "alonzo-local", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(root);
            try
            {
                using (var archive = new ZipArchive(zip, ZipArchiveMode.Read))
                {
                    string prefix = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
                    foreach (var entry in archive.Entries)
                    {
                        string target = Path.GetFullPath(Path.Combine(root, entry.FullName.Replace('\\', '/').TrimStart('/')));
                        if (!target.StartsWith(prefix, StringComparison.Ordinal))
                            throw new AlonzoOperationException("InvalidZipFile", FailureKind.InvalidArgument,
                                $"{what} has an entry that points outside its folder: '{entry.FullName}'.", "Build the zip with New-AlonzoPackage.");
                        if (entry.FullName.EndsWith("/", StringComparison.Ordinal))
                        {
                            System.IO.Directory.CreateDirectory(target);
                            continue;
                        }
                        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target));
                        entry.ExtractToFile(target, true);
                    }
                }
                return new LocalCode(root, true);
            }
            catch (InvalidDataException e)
            {
                TryDelete(root);
                throw new AlonzoOperationException("InvalidZipFile", FailureKind.InvalidArgument,
                    $"{what} is not a zip file: {e.Message}", "Give a folder, or a zip built with New-AlonzoPackage.");
            }
            catch
            {
                TryDelete(root);
                throw;
            }
        }

        public void Dispose()
        {
            if (_temporary) TryDelete(Directory);
        }

        private static void TryDelete(string folder)
        {
            try
            {
                if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
