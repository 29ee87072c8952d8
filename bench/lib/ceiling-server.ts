// Child process: a bare Fastify hello-world, the ceiling every app route is compared with.
import Fastify from 'fastify';
import { serveChild } from './child.ts';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await serveChild(app);
