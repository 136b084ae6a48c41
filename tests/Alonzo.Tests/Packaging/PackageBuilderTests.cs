using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Alonzo.Packaging;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Packaging
{
    public sealed class PackageBuilderTests
    {
        private static void FillFunction(TempTree tree)
        {
            tree.Write("lambda_function.py", "import json\n\ndef handler(event, context):\n    return event\n");
            tree.Write("lib/helpers.py", TempTree.Text(20_000, 1));
            tree.Write("lib/data.bin", TempTree.RandomBytes(5_000, 2));
            tree.Write("lib/deep/nested/config.json", "{\"a\": 1}");
            tree.Write("B-upper.txt", "upper case sorts before lower case in ordinal order");
            tree.Write("empty.txt", Array.Empty<byte>());
            tree.Write("na\u00efve/caf\u00e9.txt", "non-ASCII names");
        }

        private static async Task<byte[]> BuildBytes(string folder, PackageOptions options = null, Stream output = null)
        {
            var builder = new PackageBuilder(options);
            var plan = builder.Plan(new[] { folder });
            var stream = output ?? new MemoryStream();
            await builder.WriteAsync(plan, stream);
            if (stream is MemoryStream ms) return ms.ToArray();
            return ((NonSeekableStream)stream).Inner.ToArray();
        }

        [Fact]
        public async Task Same_files_give_identical_bytes_across_runs_mtimes_and_creation_order()
        {
            using var first = new TempTree();
            FillFunction(first);
            byte[] a = await BuildBytes(first.Root);
            byte[] b = await BuildBytes(first.Root);
            Assert.Equal(a, b);

            // The same files created in reverse order, in another folder, with other timestamps.
            using var second = new TempTree();
            var files = Directory.GetFiles(first.Root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(first.Root, f).Replace('\\', '/')).OrderByDescending(f => f, StringComparer.Ordinal).ToList();
            var stamp = new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            foreach (var relative in files)
            {
                string path = second.Write(relative, File.ReadAllBytes(first.PathOf(relative)));
                File.SetLastWriteTimeUtc(path, stamp);
                stamp = stamp.AddHours(-13);
            }
            File.SetLastWriteTimeUtc(first.PathOf("lambda_function.py"), DateTime.UtcNow.AddDays(-400));
            byte[] c = await BuildBytes(second.Root);
            Assert.Equal(a, c);
            Assert.Equal(a, await BuildBytes(first.Root));
        }

        [Fact]
        public async Task Parallel_and_sequential_and_streamed_writes_give_identical_bytes()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            // Over the 16 MB threshold: one compressible, one not (stored after a streamed attempt).
            tree.Write("big/model.txt", TempTree.Text(17 << 20, 3));
            tree.Write("big/weights.bin", TempTree.RandomBytes(17 << 20, 4));

            byte[] streamed = await BuildBytes(tree.Root);
            byte[] inMemory = await BuildBytes(tree.Root, output: new NonSeekableStream());
            byte[] sequential = await BuildBytes(tree.Root, new PackageOptions { MaxParallelism = 1 });
            Assert.Equal(inMemory, streamed);
            Assert.Equal(sequential, streamed);

            var records = ZipInspector.Read(streamed).ToDictionary(r => r.Name);
            Assert.Equal(8, records["big/model.txt"].Method);
            Assert.Equal(0, records["big/weights.bin"].Method);
            Assert.Equal(17u << 20, records["big/weights.bin"].CompressedSize);
            using var archive = new ZipArchive(new MemoryStream(streamed));
            using var reader = archive.GetEntry("big/model.txt").Open();
            var copy = new MemoryStream();
            reader.CopyTo(copy);
            Assert.Equal(TempTree.Text(17 << 20, 3), copy.ToArray());
        }

        [Fact]
        public async Task Entries_are_sorted_by_ordinal_path_with_forward_slashes_and_no_folders()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            tree.Folder("empty-folder");
            var names = ZipInspector.Read(await BuildBytes(tree.Root)).Select(r => r.Name).ToList();
            Assert.Equal(new[]
            {
                "B-upper.txt", "empty.txt", "lambda_function.py", "lib/data.bin", "lib/deep/nested/config.json", "lib/helpers.py", "na\u00efve/caf\u00e9.txt",
            }, names);
            Assert.All(names, n => Assert.DoesNotContain('\\', n));
            Assert.DoesNotContain(names, n => n.EndsWith("/", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Headers_are_fixed_timestamp_unix_made_by_no_extra_fields()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            var zip = await BuildBytes(tree.Root);
            var records = ZipInspector.Read(zip);
            foreach (var r in records)
            {
                Assert.Equal(0, r.Time);
                Assert.Equal(0x21, r.Date); // 1980-01-01
                Assert.Equal(0, r.LocalTime);
                Assert.Equal(0x21, r.LocalDate);
                Assert.Equal(0x0314, r.MadeBy); // Unix, 2.0
                Assert.Equal(0, r.ExtraLength);
                Assert.Equal(r.Method, r.LocalMethod);
                Assert.Equal(r.Crc, r.LocalCrc);
                Assert.Equal(r.CompressedSize, r.LocalCompressedSize);
            }
            var byName = records.ToDictionary(r => r.Name);
            Assert.Equal(0x0800, byName["na\u00efve/caf\u00e9.txt"].Flags);
            Assert.Equal(0, byName["lib/helpers.py"].Flags);
            Assert.Equal(8, byName["lib/helpers.py"].Method);
            Assert.Equal(0, byName["lib/data.bin"].Method); // random bytes: deflate would not shrink them
            Assert.Equal(0, byName["empty.txt"].Method);

            using var archive = new ZipArchive(new MemoryStream(zip));
            Assert.All(archive.Entries, e => Assert.Equal(new DateTime(1980, 1, 1, 0, 0, 0), e.LastWriteTime.DateTime));
        }

        [UnixFact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public async Task Executables_keep_0755_and_everything_else_is_0644()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            string bootstrap = tree.Write("bootstrap", "#!/bin/sh\necho hi\n");
            File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string groupOnly = tree.Write("bin/tool", "#!/bin/sh\n");
            File.SetUnixFileMode(groupOnly, UnixFileMode.UserRead | UnixFileMode.GroupExecute);
            string odd = tree.Write("private.txt", "x");
            File.SetUnixFileMode(odd, UnixFileMode.UserRead); // 0400 is normalised to 0644
            string wide = tree.Write("wide.txt", "x");
            File.SetUnixFileMode(wide, (UnixFileMode)0x1B6); // 0666

            var modes = ZipInspector.Read(await BuildBytes(tree.Root)).ToDictionary(r => r.Name, r => r.UnixMode);
            Assert.Equal(0x81ED, modes["bootstrap"]);  // 0100755
            Assert.Equal(0x81ED, modes["bin/tool"]);
            Assert.Equal(0x81A4, modes["private.txt"]); // 0100644
            Assert.Equal(0x81A4, modes["wide.txt"]);
            Assert.Equal(0x81A4, modes["lambda_function.py"]);

            using var archive = new ZipArchive(new MemoryStream(await BuildBytes(tree.Root)));
            Assert.Equal(0x81ED, (int)((uint)archive.GetEntry("bootstrap").ExternalAttributes >> 16));
        }

        [Fact]
        public async Task Default_excludes_leave_out_only_junk()
        {
            using var tree = new TempTree();
            tree.Write("app.py", "x");
            tree.Write(".git/config", "x");
            tree.Write(".hg/store", "x");
            tree.Write(".svn/entries", "x");
            tree.Write("__pycache__/app.cpython-312.pyc", "x");
            tree.Write("lib/__pycache__/m.pyc", "x");
            tree.Write("lib/m.pyc", "x");
            tree.Write("lib/m.pyo", "x");
            tree.Write("lib/.DS_Store", "x");
            tree.Write("Thumbs.db", "x");
            tree.Write("node_modules/.cache/babel/x.json", "x");
            tree.Write("node_modules/left-pad/index.js", "x");
            tree.Write(".venv/lib/site.py", "x");
            tree.Write(".env", "x");
            tree.Write("stale.alonzo-tmp", "x");

            var names = ZipInspector.Read(await BuildBytes(tree.Root)).Select(r => r.Name).ToList();
            Assert.Equal(new[] { ".env", ".venv/lib/site.py", "app.py", "node_modules/left-pad/index.js" }, names);

            var all = ZipInspector.Read(await BuildBytes(tree.Root, new PackageOptions { UseDefaultExcludes = false })).Count;
            Assert.Equal(15, all);
        }

        [Fact]
        public async Task User_excludes_follow_gitignore_rules()
        {
            using var tree = new TempTree();
            tree.Write("app.py", "x");
            tree.Write("README.md", "x");
            tree.Write("lib/NOTES.md", "x");
            tree.Write("tests/test_app.py", "x");
            tree.Write("tests/data/sample.json", "x");
            tree.Write("lib/tests/keep.py", "x");
            tree.Write("docs/index.html", "x");
            tree.Write("lib/docs", "a file named docs is not a folder");

            var options = new PackageOptions { Exclude = new[] { "*.md", "tests/**", "docs/", "!README.md" } };
            var builder = new PackageBuilder(options);
            var excluded = new List<string>();
            builder.Info += m => excluded.Add(m);
            var plan = builder.Plan(new[] { tree.Root });
            Assert.Equal(new[] { "README.md", "app.py", "lib/docs", "lib/tests/keep.py" }, plan.Entries.Select(e => e.Name));
            // Each exclusion names what was left out and the pattern that left it out; the file lib/docs is kept.
            Assert.Equal(new[]
            {
                "Excluded 'docs/' (matches 'docs/').",
                "Excluded 'lib/NOTES.md' (matches '*.md').",
                "Excluded 'tests/data/' (matches 'tests/**').",
                "Excluded 'tests/test_app.py' (matches 'tests/**').",
            }, excluded.Where(m => m.StartsWith("Excluded ", StringComparison.Ordinal)).OrderBy(m => m, StringComparer.Ordinal));
            Assert.Equal(4, plan.ExcludedCount); // lib/NOTES.md, tests/test_app.py, tests/data, docs/
        }

        [UnixFact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public async Task Links_inside_the_folder_are_stored_as_their_targets()
        {
            using var tree = new TempTree();
            tree.Write("app.py", "print('app')\n");
            tree.Write("shared/util.py", "UTIL = 1\n");
            string tool = tree.Write("shared/bin/tool", "#!/bin/sh\n");
            File.SetUnixFileMode(tool, (UnixFileMode)0x1ED);
            File.CreateSymbolicLink(tree.PathOf("util_link.py"), "shared/util.py");
            Directory.CreateSymbolicLink(tree.PathOf("vendor"), "shared");

            var zip = await BuildBytes(tree.Root);
            var records = ZipInspector.Read(zip).ToDictionary(r => r.Name);
            Assert.Equal(new[] { "app.py", "shared/bin/tool", "shared/util.py", "util_link.py", "vendor/bin/tool", "vendor/util.py" }, records.Keys);
            Assert.Equal(0x81A4, records["util_link.py"].UnixMode); // the target's mode, not the link's 0777
            Assert.Equal(0x81ED, records["vendor/bin/tool"].UnixMode);
            using var archive = new ZipArchive(new MemoryStream(zip));
            using var reader = new StreamReader(archive.GetEntry("util_link.py").Open());
            Assert.Equal("UTIL = 1\n", reader.ReadToEnd());
        }

        [UnixFact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public void A_link_pointing_outside_the_folder_is_refused_naming_link_and_target()
        {
            using var outside = new TempTree();
            string secret = outside.Write("secret.txt", "do not ship");
            using var tree = new TempTree();
            tree.Write("app.py", "x");
            tree.Folder("lib");
            File.CreateSymbolicLink(tree.PathOf("lib/leak.txt"), secret);

            var error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.Root }));
            Assert.Equal("LinkOutsideFolder", error.ErrorId);
            Assert.Contains("lib/leak.txt", error.Message);
            Assert.Contains(secret, error.Message);

            // A link to a folder outside, through "..", is refused the same way.
            File.Delete(tree.PathOf("lib/leak.txt"));
            Directory.CreateSymbolicLink(tree.PathOf("lib/up"), "../..");
            error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.Root }));
            Assert.Equal("LinkOutsideFolder", error.ErrorId);

            // Excluded links are never looked at.
            var plan = new PackageBuilder(new PackageOptions { Exclude = new[] { "up" } }).Plan(new[] { tree.Root });
            Assert.Equal(new[] { "app.py" }, plan.Entries.Select(e => e.Name));

            // A link whose target path looks inside but runs through another link that leads out.
            Directory.CreateSymbolicLink(tree.PathOf("lib/out"), outside.Root);
            File.CreateSymbolicLink(tree.PathOf("sneaky.txt"), "lib/out/secret.txt");
            error = Assert.Throws<AlonzoOperationException>(() =>
                new PackageBuilder(new PackageOptions { Exclude = new[] { "up", "out" } }).Plan(new[] { tree.Root }));
            Assert.Equal("LinkOutsideFolder", error.ErrorId);
            Assert.Contains("sneaky.txt", error.Message);
        }

        [UnixFact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public void A_folder_reached_through_a_link_is_packaged_and_its_inside_links_still_count_as_inside()
        {
            using var tree = new TempTree();
            tree.Write("real/app.py", "x");
            File.CreateSymbolicLink(tree.PathOf("real/alias.py"), "app.py");
            Directory.CreateSymbolicLink(tree.PathOf("via"), tree.PathOf("real"));
            var plan = new PackageBuilder().Plan(new[] { tree.PathOf("via") });
            Assert.Equal(new[] { "alias.py", "app.py" }, plan.Entries.Select(e => e.Name));
            Assert.Equal(tree.PathOf("via"), plan.SourcePath);
        }

        [UnixFact, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public void Broken_links_and_link_cycles_are_refused()
        {
            using var tree = new TempTree();
            tree.Write("app.py", "x");
            File.CreateSymbolicLink(tree.PathOf("gone.py"), "nowhere.py");
            var error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.Root }));
            Assert.Equal("BrokenLink", error.ErrorId);
            Assert.Contains("gone.py", error.Message);

            File.Delete(tree.PathOf("gone.py"));
            tree.Folder("lib");
            Directory.CreateSymbolicLink(tree.PathOf("lib/loop"), "..");
            error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.Root }));
            Assert.Equal("LinkCycle", error.ErrorId);
        }

        [Fact]
        public async Task CodeSha256_is_base64_of_the_sha256_of_the_file()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            using var cache = new TempTree();
            var builder = new PackageBuilder(new PackageOptions { CacheDirectory = cache.Root });
            var package = await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), null, false);
            byte[] bytes = File.ReadAllBytes(package.Path);
            Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), package.CodeSha256);
            Assert.Equal(bytes.Length, package.Size);
            Assert.Equal(7, package.FileCount);
            Assert.Equal(tree.Root, package.SourcePath);
            Assert.False(package.ExceedsDirectUploadLimit);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant() + ".zip", Path.GetFileName(package.Path));
            Assert.Equal(package.CodeSha256, PackageBuilder.ComputeCodeSha256(package.Path));

            // In memory: same bytes, same hash, no path.
            var memory = new MemoryStream();
            var inMemory = await builder.WriteAsync(builder.Plan(new[] { tree.Root }), memory);
            Assert.Null(inMemory.Path);
            Assert.Equal(package.CodeSha256, inMemory.CodeSha256);
            Assert.Equal(bytes, memory.ToArray());
        }

        [Fact]
        public async Task The_zip_opens_with_ZipArchive_and_python_zipfile()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            using var output = new TempTree();
            string zipPath = Path.Combine(output.Root, "function.zip");
            var builder = new PackageBuilder();
            await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), zipPath, false);

            using (var archive = ZipFile.OpenRead(zipPath))
            {
                foreach (var entry in archive.Entries)
                {
                    using var stream = entry.Open();
                    var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    Assert.Equal(File.ReadAllBytes(tree.PathOf(entry.FullName)), copy.ToArray());
                }
                Assert.Equal(7, archive.Entries.Count);
            }

            var python = Run("python3", "-m", "zipfile", "-t", zipPath);
            Assert.True(python.ExitCode == 0, python.Output);
            var extract = Path.Combine(output.Root, "x");
            python = Run("python3", "-m", "zipfile", "-e", zipPath, extract);
            Assert.True(python.ExitCode == 0, python.Output);
            Assert.Equal("{\"a\": 1}", File.ReadAllText(Path.Combine(extract, "lib", "deep", "nested", "config.json")));
        }

        [Fact]
        public async Task Listed_files_are_named_relative_to_their_common_folder_and_the_output_is_left_out()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            tree.Write("lib/__pycache__/helpers.pyc", "junk");
            string outFile = tree.PathOf("function.zip");
            File.WriteAllText(outFile, "previous package");
            var builder = new PackageBuilder(new PackageOptions { OutputPath = outFile });
            var plan = builder.Plan(new[] { tree.PathOf("lambda_function.py"), tree.PathOf("lib"), tree.PathOf("lib/helpers.py"), outFile, tree.PathOf("lib/__pycache__/helpers.pyc") });
            Assert.Equal(tree.Root, plan.SourcePath);
            Assert.Equal(new[] { "lambda_function.py", "lib/data.bin", "lib/deep/nested/config.json", "lib/helpers.py" }, plan.Entries.Select(e => e.Name));

            // One file alone is named by its file name.
            plan = builder.Plan(new[] { tree.PathOf("lib/deep/nested/config.json") });
            Assert.Equal(new[] { "config.json" }, plan.Entries.Select(e => e.Name));

            // Written into the source folder, the package never contains itself.
            var package = await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), outFile, overwrite: true);
            var names = ZipInspector.Read(File.ReadAllBytes(package.Path)).Select(r => r.Name);
            Assert.DoesNotContain("function.zip", names);
        }

        [Fact]
        public void Missing_paths_and_empty_packages_fail_with_their_error_ids()
        {
            using var tree = new TempTree();
            var error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.PathOf("nope") }));
            Assert.Equal("PathNotFound", error.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, error.Kind);

            tree.Folder("only/folders");
            error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder().Plan(new[] { tree.Root }));
            Assert.Equal("EmptyPackage", error.ErrorId);

            tree.Write("README.md", "x");
            error = Assert.Throws<AlonzoOperationException>(() => new PackageBuilder(new PackageOptions { Exclude = new[] { "*.md" } }).Plan(new[] { tree.Root }));
            Assert.Equal("EmptyPackage", error.ErrorId);
            Assert.Contains("excluded", error.Message);
        }

        [Fact]
        public async Task An_existing_out_file_is_kept_when_identical_and_replaced_only_with_overwrite()
        {
            using var tree = new TempTree();
            FillFunction(tree);
            using var output = new TempTree();
            string zipPath = Path.Combine(output.Root, "function.zip");
            var builder = new PackageBuilder();
            var first = await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), zipPath, false);
            var again = await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), zipPath, false);
            Assert.Equal(first.CodeSha256, again.CodeSha256);

            tree.Write("lambda_function.py", "def handler(event, context):\n    return 2\n");
            var error = await Assert.ThrowsAsync<AlonzoOperationException>(() => builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), zipPath, false));
            Assert.Equal("OutFileExists", error.ErrorId);
            Assert.Equal(first.CodeSha256, PackageBuilder.ComputeCodeSha256(zipPath));

            var replaced = await builder.WriteFileAsync(builder.Plan(new[] { tree.Root }), zipPath, true);
            Assert.NotEqual(first.CodeSha256, replaced.CodeSha256);
            Assert.Equal(replaced.CodeSha256, PackageBuilder.ComputeCodeSha256(zipPath));
            Assert.Equal(new[] { "function.zip" }, Directory.GetFiles(output.Root).Select(Path.GetFileName)); // no temp files left
        }

        [Fact]
        public void Size_limits_match_lambda_quotas()
        {
            Assert.Equal(50L * 1024 * 1024, AlonzoPackage.DirectUploadLimit);
            Assert.Equal(250L * 1024 * 1024, AlonzoPackage.UnzippedLimit); // Lambda's message: "smaller than 262144000 bytes"
            Assert.False(new AlonzoPackage { Size = AlonzoPackage.DirectUploadLimit }.ExceedsDirectUploadLimit);
            Assert.True(new AlonzoPackage { Size = AlonzoPackage.DirectUploadLimit + 1 }.ExceedsDirectUploadLimit);
        }

        internal static (int ExitCode, string Output) Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start);
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }

        /// <summary>An output that cannot seek: every file goes through the in-memory path.</summary>
        internal sealed class NonSeekableStream : Stream
        {
            public MemoryStream Inner { get; } = new MemoryStream();
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
        }
    }
}
