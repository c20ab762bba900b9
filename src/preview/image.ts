/**
 * The proof that a preview pushed an image: its mark tag (names.ts,
 * previewImageMark) added to the image in ECR right after the push, before
 * anything is registered. Destroy deletes `pr-<id>` tags only from images
 * that carry this mark.
 */
import type { ECRClient } from '@aws-sdk/client-ecr'
import { addTags } from '../image/ecr.js'
import { describeAwsError } from '../util/errors.js'
import type { Logger } from '../util/log.js'
import { previewImageMark, type PreviewIdentity } from './names.js'

export async function markPreviewImage(
  ecr: ECRClient,
  repository: string,
  digest: string,
  identity: PreviewIdentity,
  log: Logger
): Promise<string> {
  const mark = previewImageMark(identity, digest)
  try {
    await addTags(ecr, { name: repository }, digest, [mark])
  } catch (error) {
    throw describeAwsError(`Tagging the preview image with ${mark}`, error)
  }
  log.info(
    `Tagged the image ${mark}: destroy deletes only the pr-${identity.id} tags of images marked so.`
  )
  return mark
}
