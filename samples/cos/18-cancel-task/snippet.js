var taskId = 'xxxxx';                   /* Required */
cos.cancelTask(taskId);
