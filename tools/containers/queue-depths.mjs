// Prints "<queue> <visible> <in flight>" for every SQS queue of fauxqs (run inside the fauxqs container, whose port
// is not published: podman exec -i netkan-bus_fauxqs_1 node --input-type=module - < queue-depths.mjs).
const call = async (target, body) => {
  const response = await fetch("http://127.0.0.1:4566/", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": `AmazonSQS.${target}`,
      Authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/sqs/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${target}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
};
const { QueueUrls = [] } = await call("ListQueues", {});
for (const url of QueueUrls) {
  const { Attributes: a } = await call("GetQueueAttributes", {
    QueueUrl: url,
    AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
  });
  console.log(`${url.split("/").pop()} ${a.ApproximateNumberOfMessages} ${a.ApproximateNumberOfMessagesNotVisible}`);
}
