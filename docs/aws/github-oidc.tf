# aws-task-pack: the AWS side of GitHub OIDC, as Terraform (AWS provider 5.x).
#
# Creates (or reuses) the GitHub OIDC identity provider and one IAM role that only workflows of one
# repository (and one branch, environment or event, see subject_claim) can assume. The role gets one
# inline policy per operation you enable, each holding only what that operation calls. The same
# policies as github-oidc.cfn.yaml; test/unit/aws-templates.test.ts fails when the two differ.

variable "github_org" {
  type        = string
  description = "The GitHub owner (user or organisation) of the repository"
}

variable "github_repo" {
  type        = string
  description = "The repository name, without the owner"
}

variable "subject_claim" {
  type        = string
  default     = "ref:refs/heads/main"
  description = "What follows repo:<owner>/<repo>: in the sub claim: ref:refs/heads/main, environment:production, pull_request, ref:refs/tags/v*"
}

variable "existing_oidc_provider_arn" {
  type        = string
  default     = ""
  description = "The ARN of token.actions.githubusercontent.com when the account already has it (one per account)"
}

variable "role_name" {
  type    = string
  default = "aws-task-pack-ci"
}

variable "bucket_name" {
  type    = string
  default = ""
}

variable "key_prefix" {
  type        = string
  default     = ""
  description = "upload-artifact writes and prune deletes under this prefix (e.g. builds/)"
}

variable "secret_name_prefix" {
  type        = string
  default     = ""
  description = "fetch-secret reads secrets whose names start with this (e.g. prod/)"
}

variable "kms_key_arn" {
  type        = string
  default     = ""
  description = "A customer-managed KMS key the secrets or objects are encrypted with"
}

variable "operations" {
  type        = set(string)
  default     = []
  description = "Which of ensure-bucket, upload-artifact, prune, fetch-secret the role may run"
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  bucket_arn   = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}"
  objects_arn  = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket_name}/${var.key_prefix}*"
  secrets_arn  = "arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:secret:${var.secret_name_prefix}*"
  provider_arn = var.existing_oidc_provider_arn != "" ? var.existing_oidc_provider_arn : aws_iam_openid_connect_provider.github[0].arn
  kms          = var.kms_key_arn != "" ? [var.kms_key_arn] : []
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.existing_oidc_provider_arn == "" ? 1 : 0
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "ci" {
  name                 = var.role_name
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider_arn }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:${var.github_org}/${var.github_repo}:${var.subject_claim}" }
      }
    }]
  })
}

resource "aws_iam_role_policy" "ensure_bucket" {
  count = contains(var.operations, "ensure-bucket") ? 1 : 0
  name  = "ensure-bucket"
  role  = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "ConvergeTheBucket"
      Effect = "Allow"
      Action = [
        "s3:ListBucket",
        "s3:CreateBucket",
        "s3:GetBucketVersioning",
        "s3:PutBucketVersioning",
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:GetBucketPublicAccessBlock",
        "s3:PutBucketPublicAccessBlock",
        "s3:GetBucketOwnershipControls",
        "s3:PutBucketOwnershipControls",
        "s3:GetBucketTagging",
        "s3:PutBucketTagging",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
      ]
      Resource = local.bucket_arn
    }]
  })
}

resource "aws_iam_role_policy" "upload_artifact" {
  count = contains(var.operations, "upload-artifact") ? 1 : 0
  name  = "upload-artifact"
  role  = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "FindOrphanedMultipartUploads"
        Effect   = "Allow"
        Action   = ["s3:ListBucketMultipartUploads"]
        Resource = local.bucket_arn
      },
      {
        Sid      = "WriteUnderThePrefix"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObjectTagging"]
        Resource = local.objects_arn
      },
      ], [for key in local.kms : {
        Sid      = "EncryptWithTheKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = key
    }])
  })
}

resource "aws_iam_role_policy" "prune" {
  count = contains(var.operations, "prune") ? 1 : 0
  name  = "prune"
  role  = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListTheBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads", "s3:GetBucketVersioning"]
        Resource = local.bucket_arn
      },
      {
        Sid      = "DeleteUnderThePrefix"
        Effect   = "Allow"
        Action   = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload"]
        Resource = local.objects_arn
      },
    ]
  })
}

resource "aws_iam_role_policy" "fetch_secret" {
  count = contains(var.operations, "fetch-secret") ? 1 : 0
  name  = "fetch-secret"
  role  = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "ReadTheseSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = local.secrets_arn
      },
      {
        Sid      = "BatchReadsAndWildcards"
        Effect   = "Allow"
        Action   = ["secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets"]
        Resource = "*"
      },
      ], [for key in local.kms : {
        Sid       = "DecryptTheSecrets"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = key
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.name}.amazonaws.com" } }
    }])
  })
}

output "role_arn" {
  description = "The role-to-assume of your workflow steps"
  value       = aws_iam_role.ci.arn
}
