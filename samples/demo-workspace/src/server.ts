import { createServer } from 'node:http';
import { createHandler } from './routes.ts';
import { TodoStore } from './store.ts';

const port = Number(process.env.PORT ?? 3000);
const handler = createHandler(new TodoStore());

createServer((req, res) => void handler(req, res)).listen(port, '127.0.0.1', () => {
  console.log(`todo-api listening on http://127.0.0.1:${port}`);
});
