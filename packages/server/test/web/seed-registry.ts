import { type Ebonite, Model } from '@ebonite/core';

/** The payloads a stored name, description, param or tag may hold: all must stay text on the page. */
export const XSS = {
  name: '<img src=x onerror=alert(1)>',
  description: '<script>alert("description")</script>\n"><img src=x onerror=alert(2)>',
  params: {
    quote: '"><img src=x onerror=alert(3)>',
    link: 'javascript:alert(4)',
    nested: { script: '</code><script>alert(5)</script>' },
  },
  tags: { '<b>key</b>': '<svg onload=alert(6)>' },
};

/**
 * A registry to look at: project `vision`, task `classifier` with `count` unnamed models (versions,
 * tags `stage` and `run`, a numeric param `lr`), one named model with hostile text, and task
 * `empty`. Returns the models in push order.
 */
export async function seedRegistry(client: Ebonite, count: number): Promise<Model[]> {
  const task = await client.getOrCreateTask('vision', 'classifier');
  await client.getOrCreateTask('vision', 'empty');
  const models: Model[] = [];
  for (let i = 0; i < count; i++) {
    models.push(
      await client.pushModel(
        Model.create({
          artifacts: { 'model.bin': Buffer.from(`weights of run ${i}\n`.repeat(50)) },
          params: {
            lr: 0.1 / (i + 1),
            epochs: 10 + (i % 3),
            optimizer: { name: 'adam', beta: 0.9 },
          },
          tags: { stage: i % 2 === 0 ? 'candidate' : 'archived', run: String(i) },
          description: `Run ${i} of the classifier.`,
          requirements: [{ package: 'onnxruntime-node', version: '1.23.0' }],
        }),
        task,
      ),
    );
  }
  models.push(
    await client.pushModel(
      Model.create({
        name: XSS.name,
        artifacts: { 'evil.bin': Buffer.from('x') },
        description: XSS.description,
        params: XSS.params,
        tags: XSS.tags,
      }),
      task,
    ),
  );
  return models;
}
