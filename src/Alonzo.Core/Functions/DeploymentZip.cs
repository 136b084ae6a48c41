using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Packaging;
using Alonzo.Validation;

namespace Alonzo.Functions
{
    /// <summary>
    /// The zip to deploy, in memory (direct uploads are at most 50 MB), with its CodeSha256 computed
    /// exactly as Lambda reports it so that unchanged code is never uploaded again.
    /// </summary>
    public sealed class DeploymentZip
    {
        private DeploymentZip(byte[] zip, string origin, int fileCount)
        {
            Zip = zip;
            Origin = origin;
            FileCount = fileCount;
            using (var sha = SHA256.Create())
                CodeSha256 = Convert.ToBase64String(sha.ComputeHash(zip));
        }

        public byte[] Zip { get; }
        public string CodeSha256 { get; }
        public long Size => Zip.LongLength;
        public int FileCount { get; }
        /// <summary>Where the code came from, for messages.</summary>
        public string Origin { get; }

        /// <summary>Packages a folder deterministically (same tree, same bytes, same CodeSha256).</summary>
        public static async Task<DeploymentZip> FromFolderAsync(string folder, string handler, string runtime, IList<string> exclude, CancellationToken cancellationToken)
        {
            if (!Directory.Exists(folder))
                throw new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                    $"-Path: the folder '{folder}' does not exist.", "Give the folder that holds the handler's code.");
            var builder = new PackageBuilder(new PackageOptions { Handler = handler, Runtime = runtime, Exclude = exclude });
            var plan = builder.Plan(new[] { folder }, cancellationToken);
            using (var buffer = new MemoryStream())
            {
                var package = await builder.WriteAsync(plan, buffer, cancellationToken).ConfigureAwait(false);
                var code = new DeploymentZip(buffer.ToArray(), folder, package.FileCount);
                CheckSize(code);
                return code;
            }
        }

        /// <summary>Reads a zip built elsewhere; refuses files that are not zips and checks the handler.</summary>
        public static DeploymentZip FromZipFile(string path, string handler, string runtime, string parameterName = "ZipFile")
        {
            if (!File.Exists(path))
                throw new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                    $"-{parameterName}: the file '{path}' does not exist.", "Build one with New-AlonzoPackage, or give a folder with -Path.");
            var info = new FileInfo(path);
            if (info.Length > AlonzoPackage.DirectUploadLimit)
                throw TooLarge(path, info.Length);
            byte[] bytes = File.ReadAllBytes(path);
            var names = ReadEntryNames(bytes, path, parameterName);
            HandlerCheck.Check(handler, runtime, names);
            return new DeploymentZip(bytes, path, names.Count);
        }

        private static List<string> ReadEntryNames(byte[] bytes, string path, string parameterName)
        {
            try
            {
                using (var archive = new ZipArchive(new MemoryStream(bytes, false), ZipArchiveMode.Read))
                {
                    var names = archive.Entries.Where(e => !e.FullName.EndsWith("/", StringComparison.Ordinal)).Select(e => e.FullName.Replace('\\', '/')).ToList();
                    if (names.Count == 0)
                        throw new AlonzoOperationException("EmptyPackage", FailureKind.InvalidArgument,
                            $"-{parameterName}: the zip '{path}' has no files.", "Package the handler's folder with New-AlonzoPackage.");
                    return names;
                }
            }
            catch (InvalidDataException e)
            {
                throw new AlonzoOperationException("InvalidZipFile", FailureKind.InvalidArgument,
                    $"-{parameterName}: '{path}' is not a zip file ({e.Message}).", "Build the package with New-AlonzoPackage, or pass the folder with -Path.", e);
            }
        }

        private static void CheckSize(DeploymentZip code)
        {
            if (code.Size > AlonzoPackage.DirectUploadLimit) throw TooLarge(code.Origin, code.Size);
        }

        private static AlonzoOperationException TooLarge(string origin, long size) =>
            new AlonzoOperationException("PackageTooLarge", FailureKind.LimitsExceeded,
                $"The package from '{origin}' is {size / 1048576.0:0.0} MB; Lambda takes at most {AlonzoPackage.DirectUploadLimit / 1048576} MB in the request itself.",
                "Leave out what the function does not need (-Exclude 'tests/**','*.md'), move large dependencies into a Lambda layer, or upload the zip to S3 and deploy it from there (aws lambda update-function-code --s3-bucket ... --s3-key ...).");
    }
}
