import{o as a}from"./chunk-6RU7Q4DJ.js";import"./chunk-IWXB6DE5.js";export{a as reactions};
