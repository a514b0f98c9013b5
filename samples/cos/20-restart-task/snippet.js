var taskId = 'xxxxx';                   /* Required */
cos.restartTask(taskId);
