var taskId = 'xxxxx';                   /* Required */
cos.pauseTask(taskId);
