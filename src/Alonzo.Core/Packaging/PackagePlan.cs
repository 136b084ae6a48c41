using System;
using System.Collections.Generic;
using System.IO;

namespace Alonzo.Packaging
{
    /// <summary>What to leave out and what to check when building a package.</summary>
    public sealed class PackageOptions
    {
        /// <summary>Extra exclude patterns (.gitignore rules, see <see cref="PathFilter"/>), applied after the defaults.</summary>
        public IList<string> Exclude { get; set; }

        /// <summary>Leave out <see cref="PackageBuilder.DefaultExcludes"/> (always-junk files). On unless turned off.</summary>
        public bool UseDefaultExcludes { get; set; } = true;

        /// <summary>The function's handler, checked against the package for python and nodejs runtimes.</summary>
        public string Handler { get; set; }

        public string Runtime { get; set; }

        /// <summary>The zip about to be written; never packaged into itself when it lies inside the source folder.</summary>
        public string OutputPath { get; set; }

        /// <summary>Where packages without an explicit file name are kept, named by content hash.</summary>
        public string CacheDirectory { get; set; } = PackageBuilder.DefaultCacheDirectory;

        /// <summary>How many files are read and compressed at once.</summary>
        public int MaxParallelism { get; set; } = Environment.ProcessorCount;
    }

    /// <summary>One file of a package: its name in the zip and where its bytes come from.</summary>
    public sealed class PackageEntry
    {
        public PackageEntry(string name, string sourcePath, long length, bool executable)
        {
            Name = name;
            SourcePath = sourcePath;
            Length = length;
            Executable = executable;
        }

        /// <summary>Path inside the zip, relative, with forward slashes.</summary>
        public string Name { get; }

        /// <summary>The file read (for a followed link, its target).</summary>
        public string SourcePath { get; }

        public long Length { get; }

        /// <summary>Stored as 0755 when true, 0644 otherwise.</summary>
        public bool Executable { get; }

        public override string ToString() => Name;
    }

    /// <summary>The files a package will hold, sorted as they will be written; produced by <see cref="PackageBuilder.Plan"/>.</summary>
    public sealed class PackagePlan
    {
        internal PackagePlan(string sourcePath, IReadOnlyList<PackageEntry> entries, int excludedCount, string handler, string runtime)
        {
            SourcePath = sourcePath;
            Entries = entries;
            ExcludedCount = excludedCount;
            Handler = handler;
            Runtime = runtime;
            long total = 0;
            foreach (var entry in entries) total += entry.Length;
            UncompressedSize = total;
        }

        /// <summary>The folder packaged, or the folder listed files are named relative to.</summary>
        public string SourcePath { get; }

        public IReadOnlyList<PackageEntry> Entries { get; }

        public long UncompressedSize { get; }

        /// <summary>Files and folders left out by exclude patterns (a folder counts once).</summary>
        public int ExcludedCount { get; }

        public string Handler { get; }

        public string Runtime { get; }
    }
}
