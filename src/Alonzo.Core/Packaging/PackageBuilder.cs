using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Packaging
{
    /// <summary>
    /// Builds deterministic Lambda deployment zips: the same files (names, bytes, executable bits)
    /// give the same zip bytes, whatever their timestamps, owners or creation order, so a function's
    /// CodeSha256 tells whether its code changed.
    /// <para>Usage: <c>var plan = builder.Plan(paths)</c> (walks, excludes, checks links and the
    /// handler), then <c>WriteAsync(plan, stream)</c> for an in-memory zip or
    /// <c>WriteFileAsync(plan, file)</c>.</para>
    /// <para>Rules: entries sorted by ordinal path with '/' separators; folders are not stored (Lambda
    /// and unzip create them from file paths; empty folders are therefore dropped); a link to a file
    /// or folder inside the source folder is followed and stored as what it points to, a link leading
    /// outside is refused; files are 0755 when any execute bit is set on Unix, 0644 otherwise. Where
    /// the runtime cannot read Unix modes (Windows), files named <c>bootstrap</c>, <c>*.sh</c> and
    /// files under a <c>bin</c> folder are 0755.</para>
    /// </summary>
    public sealed class PackageBuilder
    {
        /// <summary>Always junk in a deployment package: VCS data, bytecode caches, OS thumbnails, build caches.</summary>
        public static readonly IReadOnlyList<string> DefaultExcludes = new[]
        {
            ".git/", ".hg/", ".svn/", "__pycache__/", "*.pyc", "*.pyo", ".DS_Store", "Thumbs.db", "**/node_modules/.cache/", "*.alonzo-tmp",
        };

        /// <summary>Files above this size are compressed straight into a seekable output instead of in memory.</summary>
        internal const long StreamThreshold = 16L << 20;

        // Bytes of file data read ahead while earlier entries are written; bounds memory on big trees.
        private const long ReadAheadBudget = 64L << 20;

        private const string TempSuffix = ".alonzo-tmp";

        private readonly PackageOptions _options;

        public PackageBuilder(PackageOptions options = null)
        {
            _options = options ?? new PackageOptions();
        }

        /// <summary>Default cache folder: ALONZO_PACKAGE_CACHE, else &lt;temp&gt;/alonzo/packages.</summary>
        public static string DefaultCacheDirectory
        {
            get
            {
                string configured = Environment.GetEnvironmentVariable("ALONZO_PACKAGE_CACHE");
                return string.IsNullOrWhiteSpace(configured) ? Path.Combine(Path.GetTempPath(), "alonzo", "packages") : configured;
            }
        }

        /// <summary>What was decided and why (for Verbose).</summary>
        public event Action<string> Info;

        /// <summary>Problems that do not stop the package from being built.</summary>
        public event Action<string> Warning;

        /// <summary>
        /// Decides what goes into the package. One folder is packaged as its contents; several paths
        /// (files and folders) are named relative to their deepest common folder.
        /// </summary>
        public PackagePlan Plan(IEnumerable<string> paths, CancellationToken cancellationToken = default)
        {
            var inputs = new List<string>();
            foreach (var path in paths ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(path)) continue;
                string full = TrimSeparator(Path.GetFullPath(path));
                if (!inputs.Contains(full, FileSystemProbe.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
                    inputs.Add(full);
            }
            if (inputs.Count == 0)
                throw new ArgumentException("Give the folder to package, or the files to put in the package.", nameof(paths));

            foreach (var input in inputs)
            {
                if (!Exists(input))
                    throw new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                        $"Cannot package '{input}': no such file or folder.", "Check the path; relative paths are resolved from the current location.");
            }

            var walk = new Walk(this, cancellationToken);
            string source;
            if (inputs.Count == 1 && Directory.Exists(inputs[0]) && !File.Exists(inputs[0]))
            {
                source = inputs[0];
                walk.Start(source);
                walk.Folder(walk.RootReal, "");
            }
            else
            {
                source = CommonParent(inputs);
                walk.Start(source);
                foreach (var input in inputs)
                {
                    string name = input.Substring(source.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                        .Replace('\\', '/');
                    FileSystemInfo info = Directory.Exists(input) ? new DirectoryInfo(input) : (FileSystemInfo)new FileInfo(input);
                    string parent = Path.GetDirectoryName(input) ?? input;
                    walk.Item(info, name, FileSystemProbe.RealPath(parent) ?? parent, listed: true);
                }
            }

            var entries = walk.Entries.Values.ToList();
            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            if (entries.Count == 0)
                throw new AlonzoOperationException("EmptyPackage", FailureKind.InvalidArgument,
                    walk.Excluded > 0
                        ? $"Nothing to package in '{source}': all {walk.Excluded} item(s) were excluded."
                        : $"Nothing to package in '{source}': it holds no files.",
                    "Check -Path and -Exclude; folders alone are not packaged.");

            var plan = new PackagePlan(source, entries, walk.Excluded, _options.Handler, _options.Runtime);
            string note = HandlerCheck.Check(_options.Handler, _options.Runtime, entries.Select(e => e.Name).ToList());
            if (note != null) Info?.Invoke(note);
            else if (!string.IsNullOrEmpty(_options.Handler)) Info?.Invoke($"Handler '{_options.Handler}' found in the package.");

            Info?.Invoke($"Packaging {entries.Count} file(s), {FormatSize(plan.UncompressedSize)}, from '{source}'" +
                         (walk.Excluded > 0 ? $"; {walk.Excluded} item(s) excluded." : "."));
            if (plan.UncompressedSize > AlonzoPackage.UnzippedLimit)
                Warning?.Invoke($"The files add up to {FormatSize(plan.UncompressedSize)} unzipped; Lambda refuses functions over 250 MB unzipped (layers included).");
            return plan;
        }

        /// <summary>
        /// Writes the zip to a stream (for example a MemoryStream for an in-memory upload). Files are
        /// read and compressed in parallel and written in order. Files over 16 MB are compressed
        /// straight into the output when it can seek and read; otherwise they are buffered.
        /// The returned record has no Path.
        /// </summary>
        public async Task<AlonzoPackage> WriteAsync(PackagePlan plan, Stream output, CancellationToken cancellationToken = default)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            if (output == null) throw new ArgumentNullException(nameof(output));
            var entries = plan.Entries;
            var writer = new DeterministicZipWriter(output);
            bool canStream = output.CanSeek && output.CanRead;
            int parallelism = Math.Max(1, _options.MaxParallelism);
            var pending = new Queue<Task<CompressedFile>>();
            int next = 0;
            long inFlight = 0;
            try
            {
                for (int i = 0; i < entries.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // Keep up to 2 x parallelism files (and at most the budget's bytes) reading and
                    // compressing ahead of the one being written.
                    while (next < entries.Count && pending.Count < parallelism * 2)
                    {
                        var entry = entries[next];
                        bool streamed = canStream && entry.Length > StreamThreshold;
                        long cost = streamed ? 0 : entry.Length;
                        if (pending.Count > 0 && inFlight + cost > ReadAheadBudget) break;
                        pending.Enqueue(streamed ? null
                            : parallelism == 1 ? Task.FromResult(DeterministicZipWriter.Compress(entry.SourcePath, cancellationToken))
                            : Task.Run(() => DeterministicZipWriter.Compress(entry.SourcePath, cancellationToken), cancellationToken));
                        inFlight += cost;
                        next++;
                    }

                    var current = entries[i];
                    var task = pending.Dequeue();
                    if (task == null)
                    {
                        writer.WriteStreamed(current.Name, current.Executable, current.SourcePath, cancellationToken);
                        continue;
                    }
                    var file = await task.ConfigureAwait(false);
                    try
                    {
                        writer.Write(current.Name, current.Executable, file);
                    }
                    finally
                    {
                        file.Release();
                    }
                    inFlight -= current.Length;
                }
            }
            catch
            {
                // Let the read-ahead finish so no pooled buffer is in use after we return.
                foreach (var task in pending)
                {
                    if (task == null) continue;
                    try { (await task.ConfigureAwait(false)).Release(); }
                    catch { /* the first failure is the one reported */ }
                }
                throw;
            }

            var (size, sha) = writer.Finish();
            output.Flush();
            var package = new AlonzoPackage
            {
                Size = size,
                FileCount = entries.Count,
                UncompressedSize = plan.UncompressedSize,
                CodeSha256 = sha,
                SourcePath = plan.SourcePath,
                Handler = plan.Handler,
                Runtime = plan.Runtime,
            };
            if (package.ExceedsDirectUploadLimit)
                Info?.Invoke($"The zip is {FormatSize(size)}: over Lambda's 50 MB limit for direct upload, so it must be published through S3.");
            return package;
        }

        /// <summary>
        /// Writes the zip to a file. Without <paramref name="outFile"/> the file goes to the cache
        /// folder, named by its SHA-256, so identical packages are written once. An existing file with
        /// the same bytes is kept as it is; a different one is replaced only with <paramref name="overwrite"/>.
        /// </summary>
        public async Task<AlonzoPackage> WriteFileAsync(PackagePlan plan, string outFile, bool overwrite, CancellationToken cancellationToken = default)
        {
            string destination = outFile == null ? null : Path.GetFullPath(outFile);
            string directory = destination == null ? _options.CacheDirectory : Path.GetDirectoryName(destination);
            if (destination != null && Directory.Exists(destination))
                throw new AlonzoOperationException("OutFileIsFolder", FailureKind.InvalidArgument,
                    $"-OutFile '{destination}' is a folder; give a file name such as '{Path.Combine(destination, "function.zip")}'.");
            Directory.CreateDirectory(directory);
            if (destination == null) PruneCache(directory);

            string temp = Path.Combine(directory, "." + (destination == null ? "package" : Path.GetFileName(destination)) + "." +
                                                  Guid.NewGuid().ToString("N").Substring(0, 8) + TempSuffix);
            try
            {
                AlonzoPackage package;
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
                    package = await WriteAsync(plan, stream, cancellationToken).ConfigureAwait(false);

                if (destination == null) destination = Path.Combine(directory, ToHex(package.CodeSha256) + ".zip");
                package.Path = destination;
                if (File.Exists(destination))
                {
                    if (HasContent(destination, package))
                    {
                        Info?.Invoke($"'{destination}' already holds this exact package; kept it.");
                        File.SetLastWriteTimeUtc(destination, DateTime.UtcNow); // recently used: spared by the cache pruning
                        return package;
                    }
                    if (!overwrite && outFile != null)
                        throw new AlonzoOperationException("OutFileExists", FailureKind.InvalidOperation,
                            $"'{destination}' exists and holds a different package.",
                            "Use -Force to replace it, or choose another -OutFile.");
                    File.Replace(temp, destination, null);
                    Info?.Invoke($"Replaced '{destination}'.");
                }
                else
                {
                    try
                    {
                        File.Move(temp, destination);
                    }
                    catch (IOException) when (File.Exists(destination) && HasContent(destination, package))
                    {
                        // Another run wrote the same package at the same moment: same bytes, nothing to do.
                    }
                    Info?.Invoke($"Wrote '{destination}'.");
                }
                return package;
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>Whether a path names a file, a folder or a link (even a broken one, which Plan reports as BrokenLink).</summary>
        public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || IsLinkPath(path);

        /// <summary>Base64 SHA-256 of a zip's bytes, as Lambda reports CodeSha256.</summary>
        public static string ComputeCodeSha256(Stream stream)
        {
            using (var sha = SHA256.Create())
                return Convert.ToBase64String(sha.ComputeHash(stream));
        }

        public static string ComputeCodeSha256(string path)
        {
            using (var stream = DeterministicZipWriter.OpenRead(path))
                return ComputeCodeSha256(stream);
        }

        private static bool HasContent(string path, AlonzoPackage package)
        {
            try
            {
                return new FileInfo(path).Length == package.Size && ComputeCodeSha256(path) == package.CodeSha256;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Cache entries unused for a week, and temp files left by interrupted runs, are deleted.</summary>
        private static void PruneCache(string directory)
        {
            var now = DateTime.UtcNow;
            try
            {
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
                {
                    bool stale = file.Name.EndsWith(".zip", StringComparison.Ordinal) && file.Name.Length == 68 && now - file.LastWriteTimeUtc > TimeSpan.FromDays(7)
                                 || file.Name.EndsWith(TempSuffix, StringComparison.Ordinal) && now - file.LastWriteTimeUtc > TimeSpan.FromDays(1);
                    if (stale)
                    {
                        try { file.Delete(); }
                        catch (IOException) { }
                        catch (UnauthorizedAccessException) { }
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static string ToHex(string base64)
        {
            var bytes = Convert.FromBase64String(base64);
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[2 * i + 1] = "0123456789abcdef"[bytes[i] & 15];
            }
            return new string(chars);
        }

        /// <summary>Bytes as "12.3 MB" for messages.</summary>
        public static string FormatSize(long bytes) =>
            bytes >= 1 << 20 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
            : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

        private static bool IsLinkPath(string path)
        {
            try
            {
                return FileSystemProbe.IsLink(new FileInfo(path));
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static string TrimSeparator(string path)
        {
            string root = Path.GetPathRoot(path);
            return path.Length > (root?.Length ?? 0) ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
        }

        private static string CommonParent(List<string> inputs)
        {
            string common = Path.GetDirectoryName(inputs[0]) ?? inputs[0];
            foreach (var input in inputs.Skip(1))
            {
                string parent = Path.GetDirectoryName(input) ?? input;
                while (!FileSystemProbe.IsInside(parent, common))
                    common = Path.GetDirectoryName(common) ?? common;
            }
            return common;
        }

        /// <summary>One pass over the inputs: excludes, links, modes; collects entries by name.</summary>
        private sealed class Walk
        {
            private readonly PackageBuilder _builder;
            private readonly CancellationToken _cancellationToken;
            private readonly PathFilter _filter;
            private readonly HashSet<string> _chain = new HashSet<string>(FileSystemProbe.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            private string _outputReal;

            public Walk(PackageBuilder builder, CancellationToken cancellationToken)
            {
                _builder = builder;
                _cancellationToken = cancellationToken;
                var patterns = new List<string>();
                if (builder._options.UseDefaultExcludes) patterns.AddRange(DefaultExcludes);
                if (builder._options.Exclude != null) patterns.AddRange(builder._options.Exclude);
                _filter = new PathFilter(patterns, FileSystemProbe.IsWindows);
            }

            public Dictionary<string, PackageEntry> Entries { get; } = new Dictionary<string, PackageEntry>(StringComparer.Ordinal);
            public int Excluded { get; private set; }
            public string Root { get; private set; }
            public string RootReal { get; private set; }

            public void Start(string root)
            {
                Root = root;
                RootReal = FileSystemProbe.RealPath(root) ?? root;
                string output = _builder._options.OutputPath;
                if (!string.IsNullOrEmpty(output))
                {
                    string full = Path.GetFullPath(output);
                    string folder = FileSystemProbe.RealPath(Path.GetDirectoryName(full) ?? full);
                    _outputReal = folder == null ? full : Path.Combine(folder, Path.GetFileName(full));
                }
            }

            /// <summary>Packages a folder's contents; <paramref name="realPath"/> is its fully resolved path.</summary>
            public void Folder(string realPath, string prefix)
            {
                if (!_chain.Add(realPath)) return;
                try
                {
                    IEnumerable<FileSystemInfo> children;
                    try
                    {
                        children = new DirectoryInfo(realPath).EnumerateFileSystemInfos().ToList();
                    }
                    catch (UnauthorizedAccessException e)
                    {
                        throw Unreadable(prefix.Length == 0 ? Root : prefix, e);
                    }
                    foreach (var child in children)
                    {
                        _cancellationToken.ThrowIfCancellationRequested();
                        Item(child, prefix + child.Name, realPath, listed: false);
                    }
                }
                finally
                {
                    _chain.Remove(realPath);
                }
            }

            /// <summary>
            /// One file, folder or link. <paramref name="listed"/> items were given directly (not found
            /// by walking), so their parent folders are checked against the excludes too.
            /// </summary>
            public void Item(FileSystemInfo info, string name, string parentReal, bool listed)
            {
                bool link = FileSystemProbe.IsLink(info);
                bool isFolder = link ? Directory.Exists(info.FullName) : info is DirectoryInfo;
                string pattern = listed ? _filter.MatchWithParents(name, isFolder) : _filter.Match(name, isFolder);
                if (pattern != null)
                {
                    Excluded++;
                    _builder.Info?.Invoke($"Excluded '{name}{(isFolder ? "/" : "")}' (matches '{pattern}').");
                    return;
                }

                if (link)
                {
                    string target = FileSystemProbe.RealPath(info.FullName);
                    string written = FileSystemProbe.LinkText(info);
                    if (target == null)
                        throw new AlonzoOperationException("BrokenLink", FailureKind.ObjectNotFound,
                            $"The link '{name}' points to '{written ?? "?"}', which does not exist.",
                            "Remove the link, or exclude it with -Exclude.");
                    if (!FileSystemProbe.IsInside(target, RootReal))
                        throw new AlonzoOperationException("LinkOutsideFolder", FailureKind.InvalidArgument,
                            $"The link '{name}' points to '{target}', outside the folder being packaged ('{Root}'). Links are only followed inside the package's folder.",
                            "Copy the target into the folder, or exclude the link with -Exclude.");
                    if (Directory.Exists(target))
                    {
                        if (_chain.Contains(target) || FileSystemProbe.IsInside(parentReal, target))
                            throw new AlonzoOperationException("LinkCycle", FailureKind.InvalidArgument,
                                $"The link '{name}' points to '{target}', a folder that contains the link itself; following it would never end.",
                                "Exclude the link with -Exclude.");
                        Folder(target, name + "/");
                    }
                    else
                    {
                        AddFile(name, new FileInfo(target));
                    }
                    return;
                }

                if (info is DirectoryInfo)
                {
                    Folder(Path.Combine(parentReal, info.Name), name + "/");
                    return;
                }
                AddFile(name, (FileInfo)info);
            }

            private void AddFile(string name, FileInfo file)
            {
                if (_outputReal != null && string.Equals(file.FullName, _outputReal, FileSystemProbe.PathComparison))
                {
                    _builder.Info?.Invoke($"Left out '{name}': it is the package being written.");
                    return;
                }
                if (Entries.ContainsKey(name)) return;
                long length;
                try
                {
                    length = file.Length;
                }
                catch (UnauthorizedAccessException e)
                {
                    throw Unreadable(name, e);
                }
                if (length > uint.MaxValue - 1)
                    throw new AlonzoOperationException("PackageTooLarge", FailureKind.LimitsExceeded,
                        $"'{name}' is larger than 4 GB; Lambda accepts at most 250 MB unzipped.");
                Entries.Add(name, new PackageEntry(name, file.FullName, length, IsExecutable(name, file)));
            }

            private static bool IsExecutable(string name, FileInfo file)
            {
                int mode = FileSystemProbe.GetUnixMode(file);
                if (mode >= 0) return (mode & 0x49) != 0; // any of u+x, g+x, o+x
                string fileName = Path.GetFileName(name);
                return fileName == "bootstrap"
                       || fileName.EndsWith(".sh", StringComparison.OrdinalIgnoreCase)
                       || name.StartsWith("bin/", StringComparison.OrdinalIgnoreCase)
                       || name.IndexOf("/bin/", StringComparison.OrdinalIgnoreCase) >= 0;
            }

            private static AlonzoOperationException Unreadable(string name, Exception e) =>
                new AlonzoOperationException("PathNotReadable", FailureKind.PermissionDenied, $"Cannot read '{name}': {e.Message}", null, e);
        }
    }
}
