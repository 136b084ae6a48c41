using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using Alonzo.Tests.ServiceModels;

namespace Alonzo.Tests.Iam
{
    /// <summary>
    /// IAM replies as services send them: captured from moto_server 5.2.1 (which follows the real wire
    /// format, URL-encoded policy documents included) and shaped like the IAM API reference's examples.
    /// </summary>
    internal static class IamReplies
    {
        public const string Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

        public const string EncodedTrust =
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

        public const string TrustJson =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        // moto: CreateRole with a description and a tag.
        public const string CreateRole =
            "<CreateRoleResponse xmlns=\"" + Ns + "\"><CreateRoleResult><Role><Path>/</Path><RoleName>r1</RoleName><RoleId>AROARZPUZDIKGX63TYK44</RoleId>" +
            "<Arn>arn:aws:iam::123456789012:role/r1</Arn><CreateDate>2026-11-27T16:13:29.696258Z</CreateDate><AssumeRolePolicyDocument>" + EncodedTrust +
            "</AssumeRolePolicyDocument><Description>desc</Description><MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>team</Key><Value>core</Value></member></Tags>" +
            "<RoleLastUsed/></Role></CreateRoleResult><ResponseMetadata><RequestId>uO66GLxibnBbboEtfw0D7vnZbet1m3B1T1oq7H0dCUBgkHT8VrHO</RequestId></ResponseMetadata></CreateRoleResponse>";

        // moto: GetRole of the same role.
        public const string GetRole =
            "<GetRoleResponse xmlns=\"" + Ns + "\"><GetRoleResult><Role><Path>/</Path><RoleName>r1</RoleName><RoleId>AROARZPUZDIKGX63TYK44</RoleId>" +
            "<Arn>arn:aws:iam::123456789012:role/r1</Arn><CreateDate>2026-11-27T16:13:29.696258Z</CreateDate><AssumeRolePolicyDocument>" + EncodedTrust +
            "</AssumeRolePolicyDocument><Description>desc</Description><MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>team</Key><Value>core</Value></member></Tags>" +
            "<RoleLastUsed/></Role></GetRoleResult><ResponseMetadata><RequestId>BHrCTvrVLscSrm5DdLMU1PCTqOVdgOb5vCKgh9tOZ4zJujKZNHqN</RequestId></ResponseMetadata></GetRoleResponse>";

        // Shaped like the IAM API reference's GetRole example: a path, RoleLastUsed, and the document shown unencoded over several lines.
        public const string GetRoleDocsExample = @"<GetRoleResponse xmlns=""https://iam.amazonaws.com/doc/2010-05-08/"">
  <GetRoleResult>
    <Role>
      <Path>/application_abc/component_xyz/</Path>
      <Arn>arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access</Arn>
      <RoleName>S3Access</RoleName>
      <AssumeRolePolicyDocument>
        {""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",
        ""Principal"":{""Service"":[""ec2.amazonaws.com""]},""Action"":[""sts:AssumeRole""]}]}
      </AssumeRolePolicyDocument>
      <CreateDate>2012-05-08T23:34:01Z</CreateDate>
      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
      <RoleLastUsed>
        <LastUsedDate>2019-11-20T17:09:20Z</LastUsedDate>
        <Region>us-east-1</Region>
      </RoleLastUsed>
    </Role>
  </GetRoleResult>
  <ResponseMetadata>
    <RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE</RequestId>
  </ResponseMetadata>
</GetRoleResponse>";

        // moto: GetRolePolicy ('*' arrives as %2A, as Python's quote writes it).
        public const string GetRolePolicy =
            "<GetRolePolicyResponse xmlns=\"" + Ns + "\"><GetRolePolicyResult><RoleName>r1</RoleName><PolicyName>p1</PolicyName><PolicyDocument>" +
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D" +
            "</PolicyDocument></GetRolePolicyResult><ResponseMetadata><RequestId>IyJepDoOw3b0iSNgoVFUJg48bkWzmiDLl2lcjcSNr4QbDDIgfdPs</RequestId></ResponseMetadata></GetRolePolicyResponse>";

        // moto: ListAttachedRolePolicies with MaxItems=1 on a role with two policies.
        public const string ListAttachedTruncated =
            "<ListAttachedRolePoliciesResponse xmlns=\"" + Ns + "\"><ListAttachedRolePoliciesResult><AttachedPolicies><member><PolicyName>AWSLambdaExecute</PolicyName>" +
            "<PolicyArn>arn:aws:iam::aws:policy/AWSLambdaExecute</PolicyArn></member></AttachedPolicies><IsTruncated>true</IsTruncated><Marker>1</Marker>" +
            "</ListAttachedRolePoliciesResult><ResponseMetadata><RequestId>OnXGPrb0VllZzPfEBlbfQ5jFFE5mH2RTDq4zchwvQVRTGN2ktfcK</RequestId></ResponseMetadata></ListAttachedRolePoliciesResponse>";

        public const string ListAttachedLast =
            "<ListAttachedRolePoliciesResponse xmlns=\"" + Ns + "\"><ListAttachedRolePoliciesResult><AttachedPolicies><member><PolicyName>AWSLambdaKinesisExecutionRole</PolicyName>" +
            "<PolicyArn>arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>" +
            "</ListAttachedRolePoliciesResult><ResponseMetadata><RequestId>NvLD1wfTybROlzUC8CaCUY67SzAVmgDB96kTOWPeBLV1u7kaTXZg</RequestId></ResponseMetadata></ListAttachedRolePoliciesResponse>";

        public const string ListRolePolicies =
            "<ListRolePoliciesResponse xmlns=\"" + Ns + "\"><ListRolePoliciesResult><PolicyNames><member>p1</member><member>p2</member><member>p3</member></PolicyNames>" +
            "<IsTruncated>false</IsTruncated></ListRolePoliciesResult><ResponseMetadata><RequestId>zGspyID7PfOGKTWoVova8EoYgB46Vi0Eizbegl5eAcW8aUh4nnwg</RequestId></ResponseMetadata></ListRolePoliciesResponse>";

        public const string ListRoleTagsTruncated =
            "<ListRoleTagsResponse xmlns=\"" + Ns + "\"><ListRoleTagsResult><Tags><member><Key>env</Key><Value>dev</Value></member></Tags><IsTruncated>true</IsTruncated>" +
            "<Marker>1</Marker></ListRoleTagsResult><ResponseMetadata><RequestId>R6pPU7ADya3AcwYUvGp9MhQPYiKyS1VKHCsCmrZ6ZCIVzwiWQrIk</RequestId></ResponseMetadata></ListRoleTagsResponse>";

        public const string GetPolicy =
            "<GetPolicyResponse xmlns=\"" + Ns + "\"><GetPolicyResult><Policy><PolicyName>AWSLambdaKinesisExecutionRole</PolicyName><PolicyId>A86GJOGATOX56HAZSAWSB</PolicyId>" +
            "<Arn>arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole</Arn><Path>/service-role/</Path><DefaultVersionId>v2</DefaultVersionId>" +
            "<AttachmentCount>1</AttachmentCount><IsAttachable>true</IsAttachable><CreateDate>2015-04-09T15:14:16Z</CreateDate><UpdateDate>2018-11-19T20:09:24Z</UpdateDate><Tags/>" +
            "</Policy></GetPolicyResult><ResponseMetadata><RequestId>ydhnEpHs1tyFYTTfUmz9ZjXCVUAYMV0RlMgP2zX2KwWBFB3Tsoik</RequestId></ResponseMetadata></GetPolicyResponse>";

        // moto: ListRoles sends the trust policy NOT URL-encoded (real IAM encodes it here too).
        public const string ListRoles =
            "<ListRolesResponse xmlns=\"" + Ns + "\"><ListRolesResult><Roles><member><Path>/</Path><RoleName>r2</RoleName><RoleId>AROARZPUZDIKCZE2S4E7Q</RoleId>" +
            "<Arn>arn:aws:iam::123456789012:role/r2</Arn><CreateDate>2026-11-27T16:13:35.527578Z</CreateDate><AssumeRolePolicyDocument>{}</AssumeRolePolicyDocument>" +
            "<MaxSessionDuration>3600</MaxSessionDuration></member><member><Path>/</Path><RoleName>r1</RoleName><RoleId>AROARZPUZDIKGX63TYK44</RoleId>" +
            "<Arn>arn:aws:iam::123456789012:role/r1</Arn><CreateDate>2026-11-27T16:13:29.696258Z</CreateDate><AssumeRolePolicyDocument>" + TrustJson +
            "</AssumeRolePolicyDocument><Description>desc</Description><MaxSessionDuration>3600</MaxSessionDuration></member></Roles><IsTruncated>true</IsTruncated><Marker>m2</Marker>" +
            "</ListRolesResult><ResponseMetadata><RequestId>zrcI6ig3zZS2L0TmtinneEu7G1vLCkckvADD3y628vZjesy4LH0q</RequestId></ResponseMetadata></ListRolesResponse>";

        // Shaped like the IAM API reference's ListInstanceProfilesForRole example (one profile, with its roles nested inside).
        public const string ListInstanceProfilesForRole = @"<ListInstanceProfilesForRoleResponse xmlns=""https://iam.amazonaws.com/doc/2010-05-08/"">
  <ListInstanceProfilesForRoleResult>
    <IsTruncated>false</IsTruncated>
    <InstanceProfiles>
      <member>
        <InstanceProfileId>AIPACZLS2EYYXMEXAMPLE</InstanceProfileId>
        <Roles>
          <member>
            <Path>/application_abc/component_xyz/</Path>
            <Arn>arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access</Arn>
            <RoleName>S3Access</RoleName>
            <AssumeRolePolicyDocument>{""Version"":""2012-10-17"",""Statement"":[{""Effect"":""Allow"",""Principal"":{""Service"":[""ec2.amazonaws.com""]},""Action"":[""sts:AssumeRole""]}]}</AssumeRolePolicyDocument>
            <CreateDate>2012-05-09T15:45:35Z</CreateDate>
            <RoleId>AROACVSVTSZYK3EXAMPLE</RoleId>
          </member>
        </Roles>
        <InstanceProfileName>Webserver</InstanceProfileName>
        <Path>/application_abc/component_xyz/</Path>
        <Arn>arn:aws:iam::123456789012:instance-profile/application_abc/component_xyz/Webserver</Arn>
        <CreateDate>2012-05-09T16:27:11Z</CreateDate>
      </member>
    </InstanceProfiles>
  </ListInstanceProfilesForRoleResult>
  <ResponseMetadata>
    <RequestId>6a8c3992-99f4-11e1-a4c3-27EXAMPLE804</RequestId>
  </ResponseMetadata>
</ListInstanceProfilesForRoleResponse>";

        public static string Empty(string action) =>
            $"<{action}Response xmlns=\"{Ns}\"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></{action}Response>";

        // moto's error replies: Sender type, Code, Message (and a lower-case duplicate), RequestId.
        public static string Error(string code, string message) =>
            $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message><message>{message}</message></Error>" +
            "<RequestId>jpDkoafJVPqpp20ZbKXRftF2RfRIDrCKe6fgt6ykhKEBx32dF3Ir</RequestId></ErrorResponse>";

        public static HttpResponseMessage Xml(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

        /// <summary>The form fields of a captured Query request.</summary>
        public static Dictionary<string, string> Form(CapturedRequest request) =>
            request.BodyText.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
    }
}
